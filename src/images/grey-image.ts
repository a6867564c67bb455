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
}
