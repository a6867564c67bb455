import { describe, expect, it } from 'vitest';
import { entitiesToHtml } from '../../src/playground/entities-to-html.js';

describe('entitiesToHtml', () => {
  it('escapes text and wraps nested entities, counting offsets in UTF-16 code units', () => {
    const text = '📷 第 1 题 <a> & b';
    const html = entitiesToHtml(text, [
      { type: 'bold', offset: 3, length: 5 },
      { type: 'italic', offset: 5, length: 1 },
    ]);
    expect(html).toBe('📷 <b>第 <i>1</i> 题</b> &lt;a&gt; &amp; b');
  });

  it('renders links with an escaped href and leaves unknown entities as plain text', () => {
    const html = entitiesToHtml('see here /start', [
      { type: 'text_link', offset: 4, length: 4, url: 'https://example.org/?a="1"' },
      { type: 'bot_command', offset: 9, length: 6 },
    ]);
    expect(html).toBe(
      'see <a href="https://example.org/?a=&quot;1&quot;" target="_blank" rel="noreferrer">here</a> /start',
    );
  });
});
