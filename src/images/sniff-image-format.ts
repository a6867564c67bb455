/** Image container formats told apart by their first bytes; `unknown` for anything else. */
export type SniffedFormat =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'tiff'
  | 'heif'
  | 'jxl'
  | 'pdf'
  | 'unknown';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * The format a file really is, judged from its magic numbers and never from its name: applicants rename
 * HEIC files to `.jpg`, and Telegram documents carry whatever name the phone gave them.
 */
export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'heif';
  if ((bytes[0] === 0xff && bytes[1] === 0x0a) || ascii(4, 12) === 'JXL \r\n\x87\n') return 'jxl';
  if (ascii(0, 5) === '%PDF-') return 'pdf';
  return 'unknown';
}
