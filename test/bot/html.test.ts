import { describe, expect, it } from 'vitest';
import { escapeHtml, splitMessage } from '../../src/bot/html.js';

describe('escapeHtml', () => {
  it('escapes what Telegram HTML would read as markup', () => {
    expect(escapeHtml('<b>a & b</b>')).toBe('&lt;b&gt;a &amp; b&lt;/b&gt;');
  });
});

describe('splitMessage', () => {
  it('keeps a short message whole', () => {
    expect(splitMessage('hello\n\nworld')).toEqual(['hello\n\nworld']);
  });

  it('splits a long message at blank lines, every part within the limit, losing nothing', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `第${i}段 ${'材'.repeat(300)}`);
    const parts = splitMessage(blocks.join('\n\n'), 1000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000);
    expect(parts.join('\n\n')).toBe(blocks.join('\n\n'));
  });

  it('cuts one oversized block at line ends', () => {
    const block = Array.from({ length: 50 }, () => 'x'.repeat(50)).join('\n');
    const parts = splitMessage(block, 500);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(500);
    expect(parts.join('\n')).toBe(block);
  });
});
