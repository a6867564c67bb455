/** An 8-bit single-channel image, row-major, no padding: what every pixel measurement works on. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}
