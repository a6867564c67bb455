import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from '../../src/images/sniff-image-format.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImageFormat', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['png', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13])],
    ['gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['bmp', bytes('BM', new Array(30).fill(0))],
    ['tiff', bytes('II*\0', [8, 0, 0, 0])],
    ['heif', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0])],
    ['heif', bytes([0, 0, 0, 28], 'ftypavif', [0, 0, 0, 0])],
    ['pdf', bytes('%PDF-1.7\n')],
    ['unknown', bytes('hello, world')],
    ['unknown', new Uint8Array(0)],
  ])('recognises %s from the first bytes', (format, input) => {
    expect(sniffImageFormat(input)).toBe(format);
  });

  it('judges a HEIC renamed to .jpg by its content, not its name', () => {
    expect(sniffImageFormat(bytes([0, 0, 0, 24], 'ftypheic'))).not.toBe('jpeg');
  });
});
