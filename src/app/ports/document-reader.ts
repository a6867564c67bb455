/** Text read off a picture by an offline reader (OCR), as it came: spaces, line breaks and misreads included. */
export interface ReadText {
  readonly text: string;
  /** The reader's mean confidence in the words it read, 0–100 (0 when it read none). */
  readonly confidence: number;
}

/**
 * Reads the text printed on a document picture, on this machine: no picture leaves it. Advisory: what it
 * reads never refuses a picture, so callers give it the normalised picture after the verdict and never make
 * the verdict wait for it. The tesseract adapter lives in src/reading.
 */
export interface DocumentReader {
  /**
   * The text of one picture (JPEG or PNG, the normalised file of at most 200,000 bytes). Undefined when no
   * reader is installed, when it is busy beyond its queue, or when it failed or timed out on this picture:
   * in every such case the caller carries on as if nothing was read. Never throws.
   */
  read(bytes: Uint8Array): Promise<ReadText | undefined>;
  /** Whether a reader is installed at all (checked once, then remembered). */
  isAvailable(): Promise<boolean>;
}
