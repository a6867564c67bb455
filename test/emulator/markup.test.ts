import { describe, expect, it } from 'vitest';
import { parseHtmlMarkup } from '../../src/emulator/html-markup.js';
import { parseMarkdownLegacyMarkup } from '../../src/emulator/testing/markdown-legacy-markup.js';
import { parseMarkdownV2Markup } from '../../src/emulator/testing/markdown-v2-markup.js';

// Cases from TDLib's test/message_entities.cpp (check_parse_html, check_parse_markdown), the
// reference for what Telegram accepts and how it words refusals.
describe('HTML parse mode', () => {
  it.each([
    ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
    ['🏟 🏟&lt;<i   =aba>', 'Empty attribute name in the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba>', 'Can\'t find end tag corresponding to start tag "i"'],
    ['🏟 🏟&lt;<i    aba  =  ', 'Unclosed start tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;</', 'Unexpected end tag at byte offset 13'],
    ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
    ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
    ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    [
      '&#xDFDF;',
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    ],
  ])('refuses %j: %s', (markup, reason) => {
    expect(parseHtmlMarkup(markup)).toEqual({ ok: false, reason });
  });

  it.each([
    ['&ge;&lt;&gt;&amp;&quot;&laquo;&#12345678;', '&ge;<>&"&laquo;&#12345678;', []],
    ['🏟 🏟<i>🏟 &lt🏟</i>', '🏟 🏟🏟 <🏟', [{ type: 'italic', offset: 5, length: 6 }]],
    [
      '🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>',
      '🏟 🏟🏟 ><🏟',
      [
        { type: 'italic', offset: 5, length: 7 },
        { type: 'bold', offset: 9, length: 3 },
      ],
    ],
    ['🏟 🏟&lt;<i>a</    >', '🏟 🏟<a', [{ type: 'italic', offset: 6, length: 1 }]],
    ['🏟 🏟&lt;<b></b>', '🏟 🏟<', []],
    [
      '<code><i><b> </b></i></code>',
      ' ',
      [
        { type: 'code', offset: 0, length: 1 },
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 0, length: 1 },
      ],
    ],
    [
      '<a href=telegram.org> </a>',
      ' ',
      [{ type: 'text_link', offset: 0, length: 1, url: 'http://telegram.org/' }],
    ],
    ['<a>telegram.org </a>', 'telegram.org ', []],
    [
      '<a>telegram.org</a>',
      'telegram.org',
      [{ type: 'text_link', offset: 0, length: 12, url: 'http://telegram.org/' }],
    ],
    [
      '<pre><code class="language-fift">x</code></pre>',
      'x',
      [{ type: 'pre', offset: 0, length: 1, language: 'fift' }],
    ],
    [
      '<tg-spoiler>x</tg-spoiler><span class="tg-spoiler">y</span>',
      'xy',
      [
        { type: 'spoiler', offset: 0, length: 1 },
        { type: 'spoiler', offset: 1, length: 1 },
      ],
    ],
    ['<blockquote expandable>q</blockquote>', 'q', [{ type: 'expandable_blockquote', offset: 0, length: 1 }]],
  ])('reads %j', (markup, text, entities) => {
    expect(parseHtmlMarkup(markup)).toEqual({ ok: true, text, entities });
  });
});

describe('MarkdownV2 parse mode', () => {
  it.each([
    ['🏟 🏟_abacaba', "Can't find end of Italic entity at byte offset 9"],
    ['🏟 🏟_abac * asd ', "Can't find end of Bold entity at byte offset 15"],
    ['🏟 🏟`', "Can't find end of Code entity at byte offset 9"],
    ['🏟 🏟```a ', "Can't find end of PreCode entity at byte offset 9"],
    ['🏟 🏟__🏟 _🏟___', "Can't find end of Italic entity at byte offset 23"],
    ['[telegram\\.org](asd\\)', "Can't find end of a URL at byte offset 16"],
    ['🏟 🏟!', "Character '!' is reserved and must be escaped with the preceding '\\'"],
    ['第1步.', "Character '.' is reserved and must be escaped with the preceding '\\'"],
  ])('refuses %j: %s', (markup, reason) => {
    expect(parseMarkdownV2Markup(markup)).toEqual({ ok: false, reason });
  });

  it('reads nested entities, escapes, links and code', () => {
    expect(parseMarkdownV2Markup('*粗 _斜_* \\. [链接](https://example.org) `a\\`b`')).toEqual({
      ok: true,
      text: '粗 斜 . 链接 a`b',
      entities: [
        { type: 'bold', offset: 0, length: 3 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'text_link', offset: 6, length: 2, url: 'https://example.org/' },
        { type: 'code', offset: 9, length: 3 },
      ],
    });
  });

  it('reads block quotes at the start of lines', () => {
    expect(parseMarkdownV2Markup('>引用一\n>引用二\n正文')).toEqual({
      ok: true,
      text: '引用一\n引用二\n正文',
      entities: [{ type: 'blockquote', offset: 0, length: 7 }],
    });
  });
});

describe('legacy Markdown parse mode', () => {
  it('reads bold, italic, code and links, and refuses an unclosed mark', () => {
    expect(parseMarkdownLegacyMarkup('*粗* _斜_ `码` [链接](https://example.org)')).toEqual({
      ok: true,
      text: '粗 斜 码 链接',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'code', offset: 4, length: 1 },
        { type: 'text_link', offset: 6, length: 2, url: 'https://example.org/' },
      ],
    });
    expect(parseMarkdownLegacyMarkup('snake_case')).toEqual({
      ok: false,
      reason: "Can't find end of the entity starting at byte offset 5",
    });
  });
});
