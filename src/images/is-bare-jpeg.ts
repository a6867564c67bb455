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

/** Start-of-frame markers among BARE_MARKERS: their segment holds the picture's stored size. */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2]);

/**
 * Whether a JPEG holds nothing but its picture, so that it can be kept as it is: no metadata to strip and no
 * orientation to apply. Reads the marker segments up to the first scan; a truncated or odd header is `false`.
 */
export function isBareJpeg(bytes: Uint8Array): boolean {
  return readBareHeader(bytes) !== undefined;
}

/**
 * The size of a bare JPEG (see isBareJpeg) from its frame header, without sharp: with no EXIF it is also the
 * upright size. `undefined` when the file is not bare or its frame header is missing or declares no size
 * (left to sharp to judge).
 */
export function bareJpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const frame = readBareHeader(bytes)?.frame;
  if (frame === undefined || frame + 9 > bytes.length) return undefined;
  const height = ((bytes[frame + 5] as number) << 8) | (bytes[frame + 6] as number);
  const width = ((bytes[frame + 7] as number) << 8) | (bytes[frame + 8] as number);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** Walks a bare JPEG's segments to its first scan; where its (last) frame header starts, if it has one. */
function readBareHeader(bytes: Uint8Array): { frame?: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  let frame: number | undefined;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === START_OF_SCAN) return frame === undefined ? {} : { frame };
    if (!BARE_MARKERS.has(marker)) return undefined;
    if (FRAME_MARKERS.has(marker)) frame = at;
    at += 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
  }
  return undefined;
}
