/**
 * Markers a JPEG may carry before its scan and still be handed on byte for byte: frame, tables, restart
 * interval and the JFIF header. Anything else (EXIF with GPS and orientation, ICC and Adobe colour, XMP,
 * comments, a phone's second picture) means the file must be re-encoded to strip it.
 */
const BARE_MARKERS = new Set([
  0xc0, // baseline frame
  0xc1, // extended sequential frame
  0xc2, // progressive frame
  0xc4, // Huffman tables
  0xdb, // quantisation tables
  0xdd, // restart interval
  0xe0, // JFIF
]);
const START_OF_SCAN = 0xda;

/**
 * Whether a JPEG holds nothing but its picture, so that it can be kept as it is: no metadata to strip and no
 * orientation to apply. Reads the marker segments up to the first scan; a truncated or odd header is `false`.
 */
export function isBareJpeg(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === START_OF_SCAN) return true;
    if (!BARE_MARKERS.has(marker)) return false;
    at += 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
  }
  return false;
}
