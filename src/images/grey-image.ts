/** An 8-bit single-channel image, row-major, no padding: what every pixel measurement works on. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /**
   * How many pixels hold each level (256 bins), when whoever made the image counted them on the way: the grey
   * conversion does, so that measureExposure needs no pass of its own over the pixels.
   */
  readonly histogram?: Uint32Array;
  /** The darkest and brightest level of each whole block, when whoever made the image took them on the way. */
  readonly blockExtremes?: BlockExtremes;
}

/** Side of the blocks measurePaper reads: about half a line of small print on the ~1000 px copy. */
export const BLOCK_SHIFT = 3;
export const BLOCK_PX = 1 << BLOCK_SHIFT;

/**
 * Per whole BLOCK_PX × BLOCK_PX block (row-major; a last partial row or column of pixels belongs to none): its
 * darkest and brightest level. The grey conversion takes them in its pass over the pixels, measurePaper's
 * largest cost when it took them itself.
 */
export interface BlockExtremes {
  readonly blocksWide: number;
  readonly blocksHigh: number;
  readonly lows: Uint8Array;
  readonly highs: Uint8Array;
}
