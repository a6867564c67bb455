/**
 * Document photos generated in code: pages drawn as SVG (test/images/fixtures/draw-documents.ts), rendered by
 * sharp, then photographed, blurred, darkened, turned or broken on purpose. Nothing relies on system fonts or
 * binary blobs, and every random choice is seeded, so a fixture is the same bytes on every run.
 */
import type { Sharp } from 'sharp';
import type { PhotoProblemCode } from '../../src/domain/photo/photo-problem.js';
import { bmp, damage, pngBombDeflated, pngBombHeader, truncate } from '../images/fixtures/broken-files.js';
import { type DocumentName, drawDocument } from '../images/fixtures/draw-documents.js';
import { addLight, type LightSpot } from '../images/fixtures/light-sources.js';
import { photograph, type Shot } from '../images/fixtures/photograph.js';
import { expose, fromRaster, type Raster, toRaster } from '../images/fixtures/raster.js';

export { damage, pngBombDeflated, pngBombHeader, truncate } from '../images/fixtures/broken-files.js';
export type { DocumentName } from '../images/fixtures/draw-documents.js';

/** One labelled picture: what an applicant might send and the problem codes a correct checker reports. */
export interface PhotoFixture {
  readonly name: string;
  readonly expected: readonly PhotoProblemCode[];
  readonly build: () => Promise<Uint8Array>;
}

const cache = new Map<string, Promise<Raster>>();
/** Draws each document once per test file; rasters are never mutated, so sharing them is safe. */
function documentRaster(name: DocumentName, draw = 0): Promise<Raster> {
  const key = `${name}#${draw}`;
  let raster = cache.get(key);
  if (!raster) {
    raster = drawDocument(name, draw);
    cache.set(key, raster);
  }
  return raster;
}

const jpeg = async (image: Sharp, quality = 90) => new Uint8Array(await image.jpeg({ quality }).toBuffer());
const png = async (image: Sharp) => new Uint8Array(await image.png().toBuffer());

/** The document rendered flat, as a scanner or a screenshot would give it. */
export async function documentImage(name: DocumentName, draw = 0): Promise<Sharp> {
  return fromRaster(await documentRaster(name, draw));
}

/** A clear JPEG of the document at its drawn size. */
export async function clearJpeg(name: DocumentName = 'notice-cjk', draw = 0): Promise<Uint8Array> {
  return jpeg(await documentImage(name, draw));
}

/** The document turned by 90° in its pixels (no EXIF): what Telegram delivers for a sideways shot. */
export async function sidewaysJpeg(name: DocumentName = 'notice-cjk', angle: 90 | 270 = 90, draw = 0) {
  return jpeg((await documentImage(name, draw)).rotate(angle));
}

/**
 * Pixels stored turned, with an EXIF orientation that turns them back: a phone file sent as a document.
 * Orientation 6 means "rotate 90° clockwise to display", so its pixels are stored turned 90° anticlockwise.
 */
export async function exifOrientedJpeg(name: DocumentName = 'notice-cjk', orientation: 6 | 8 = 6, draw = 0) {
  const stored = await toRaster((await documentImage(name, draw)).rotate(orientation === 6 ? 270 : 90));
  return jpeg(fromRaster(stored).withMetadata({ orientation }));
}

type ShotOptions = Partial<Shot> & { readonly doc?: DocumentName; readonly draw?: number };

/** A 4000×3000 phone photo of an A4 page on a desk, with sensor noise: the biggest ordinary upload. */
export async function phonePhotoJpeg(options: ShotOptions = {}): Promise<Uint8Array> {
  const doc = await documentRaster(options.doc ?? 'notice-cjk', options.draw);
  const shot = await photograph(doc, {
    width: 4000,
    height: 3000,
    fill: 0.95,
    angle: 1.5,
    noise: 6,
    seed: 3,
    ...options,
  });
  return jpeg(fromRaster(shot), 92);
}

/** What Telegram delivers for a photo: 1280 px on the long side, recompressed. */
export async function telegramPhotoJpeg(options: ShotOptions = {}): Promise<Uint8Array> {
  const doc = await documentRaster(options.doc ?? 'notice-cjk', options.draw);
  const shot = await photograph(doc, {
    width: 2560,
    height: 1920,
    fill: 0.96,
    angle: -1,
    noise: 4,
    seed: 3,
    ...options,
  });
  return jpeg(fromRaster(shot).resize({ width: 1280 }), 82);
}

/** A phone screenshot saved as PNG (1080×2340). */
export async function screenshotPng(draw = 0): Promise<Uint8Array> {
  return png(await documentImage('screenshot', draw));
}

/** Variants of one document that every kind of page must survive, or fail, the same way. */
function documentVariants(doc: DocumentName, blur: number, soft: number, draw: number): PhotoFixture[] {
  const image = () => documentImage(doc, draw);
  const exposed = async (gain: number, offset: number, noise: number) =>
    jpeg(fromRaster(expose(await documentRaster(doc, draw), { gain, offset, noise, seed: draw + 1 })));
  const skew = draw % 2 === 0 ? 2.5 : -1.8;
  return [
    { name: `${doc}/clear.jpg`, expected: [], build: async () => jpeg(await image()) },
    { name: `${doc}/clear.png`, expected: [], build: async () => png(await image()) },
    { name: `${doc}/soft.jpg`, expected: [], build: async () => jpeg((await image()).blur(soft)) },
    { name: `${doc}/blurred.jpg`, expected: ['blurry'], build: async () => jpeg((await image()).blur(blur)) },
    { name: `${doc}/dark.jpg`, expected: ['too_dark'], build: () => exposed(0.2, 0, 3) },
    { name: `${doc}/blown-out.jpg`, expected: ['too_bright'], build: () => exposed(0.3, 190, 2) },
    { name: `${doc}/sideways-90.jpg`, expected: ['sideways'], build: () => sidewaysJpeg(doc, 90, draw) },
    { name: `${doc}/sideways-270.jpg`, expected: ['sideways'], build: () => sidewaysJpeg(doc, 270, draw) },
    { name: `${doc}/exif-6.jpg`, expected: [], build: () => exifOrientedJpeg(doc, 6, draw) },
    {
      name: `${doc}/skewed.jpg`,
      expected: [],
      build: async () => jpeg((await image()).rotate(skew, { background: '#fff' })),
    },
    {
      name: `${doc}/tiny.jpg`,
      expected: ['too_small'],
      build: async () => jpeg((await image()).resize({ width: 480 })),
    },
  ];
}

/** Photographed documents: framing, angle, focus, shake, light and noise as phones and Telegram deliver them. */
function photographs(draw: number): PhotoFixture[] {
  // A second draw tilts every shot the other way from its quarter turn, a little more, and reseeds its noise.
  const tilt = (angle: number) => {
    const quarter = Math.round(angle / 90) * 90;
    return draw % 2 === 0 ? angle : quarter - (angle - quarter) * 1.3;
  };
  const phone = (options: ShotOptions) => () =>
    phonePhotoJpeg({ ...options, angle: tilt(options.angle ?? 1.5), seed: (options.seed ?? 3) + draw, draw });
  const telegram = (options: ShotOptions) => () =>
    telegramPhotoJpeg({
      ...options,
      angle: tilt(options.angle ?? -1),
      seed: (options.seed ?? 3) + draw,
      draw,
    });
  return [
    { name: 'phone/clear.jpg', expected: [], build: phone({}) },
    { name: 'phone/latin.jpg', expected: [], build: phone({ doc: 'letter-latin', angle: -2, seed: 5 }) },
    { name: 'phone/soft.jpg', expected: [], build: phone({ blur: 2.5, seed: 6 }) },
    { name: 'phone/blurred.jpg', expected: ['blurry'], build: phone({ blur: 16, noise: 8 }) },
    {
      name: 'phone/dark.jpg',
      expected: ['too_dark'],
      build: phone({ gain: 0.22, noise: 4, doc: 'dense-cjk' }),
    },
    { name: 'phone/sideways.jpg', expected: ['sideways'], build: phone({ angle: 91, fill: 0.75 }) },
    {
      name: 'phone/id-card.jpg',
      expected: [],
      build: phone({ doc: 'id-card', fill: 0.6, angle: 3, seed: 9 }),
    },
    { name: 'phone/small-page.jpg', expected: [], build: phone({ fill: 0.55, angle: -3, seed: 11 }) },
    {
      name: 'phone/small-page-soft.jpg',
      expected: [],
      build: phone({ doc: 'letter-latin', fill: 0.6, blur: 2, seed: 12 }),
    },
    { name: 'phone/grainy.jpg', expected: [], build: phone({ noise: 16, gain: 0.8, seed: 13 }) },
    {
      name: 'phone/grainy-blurred.jpg',
      expected: ['blurry'],
      build: phone({ blur: 14, noise: 18, seed: 14 }),
    },
    { name: 'phone/shaken.jpg', expected: ['blurry'], build: phone({ motion: 41, seed: 15 }) },
    {
      name: 'phone/card-back.jpg',
      expected: [],
      build: phone({ doc: 'id-card-back', fill: 0.5, angle: -2 }),
    },
    {
      name: 'phone/card-sideways.jpg',
      expected: ['sideways'],
      build: phone({ doc: 'id-card', fill: 0.75, angle: 88, seed: 16 }),
    },
    {
      name: 'phone/certificate.jpg',
      expected: [],
      build: phone({ doc: 'certificate', fill: 0.7, angle: 1 }),
    },
    { name: 'telegram/notice.jpg', expected: [], build: telegram({}) },
    { name: 'telegram/certificate.jpg', expected: [], build: telegram({ doc: 'certificate', fill: 0.8 }) },
    { name: 'telegram/blurred.jpg', expected: ['blurry'], build: telegram({ blur: 9 }) },
    {
      name: 'telegram/sideways.jpg',
      expected: ['sideways'],
      build: telegram({ doc: 'letter-latin', angle: 90, fill: 0.72 }),
    },
    { name: 'telegram/id-card.jpg', expected: [], build: telegram({ doc: 'id-card', fill: 0.7 }) },
  ];
}

/**
 * Glare and its look-alikes. Glare: a flash reflected by a glossy page, blowing out the print under it, at
 * several sizes, places and hardnesses. Look-alikes that must pass: a small glint on a blank margin, a scanning
 * app's pure-white page, a white page on a white table. And a page in a dark room with a lamp in the frame.
 * Light positions are shares of the frame; the page is centred, so x 0.3–0.7 and y 0.1–0.9 lie on its print.
 */
function lights(draw: number): PhotoFixture[] {
  const flip = (spot: LightSpot): LightSpot => (draw % 2 === 0 ? spot : { ...spot, x: 1 - spot.x });
  const phone = (options: ShotOptions, spots: LightSpot[]) => () =>
    phonePhotoJpeg({ seed: 21 + draw, draw, ...options, lights: spots.map(flip) });
  const telegram = (options: ShotOptions, spots: LightSpot[]) => () =>
    telegramPhotoJpeg({ seed: 22 + draw, draw, ...options, lights: spots.map(flip) });
  const flat =
    (doc: DocumentName, spots: LightSpot[], exposure = { gain: 1, offset: 0 }) =>
    async () =>
      jpeg(
        fromRaster(
          addLight(expose(await documentRaster(doc, draw), { ...exposure, noise: 2, seed: draw + 5 }), spots),
        ),
      );
  return [
    {
      name: 'glare/phone-centre.jpg',
      expected: ['glare'],
      build: phone({}, [{ x: 0.5, y: 0.45, radius: 0.08 }]),
    },
    {
      name: 'glare/phone-small.jpg',
      expected: ['glare'],
      build: phone({ doc: 'dense-cjk' }, [{ x: 0.42, y: 0.3, radius: 0.05, spread: 0.6 }]),
    },
    {
      name: 'glare/phone-wide-soft.jpg',
      expected: ['glare'],
      build: phone({ doc: 'letter-latin', angle: -2 }, [
        { x: 0.55, y: 0.62, radius: 0.1, spread: 2, strength: 0.8 },
      ]),
    },
    {
      name: 'glare/phone-certificate.jpg',
      expected: ['glare'],
      build: phone({ doc: 'certificate', fill: 0.7, angle: 1 }, [
        { x: 0.58, y: 0.48, radius: 0.07, spread: 1.5 },
      ]),
    },
    {
      name: 'glare/telegram-certificate.jpg',
      expected: ['glare'],
      build: telegram({ doc: 'certificate', fill: 0.8 }, [{ x: 0.62, y: 0.42, radius: 0.06 }]),
    },
    {
      name: 'glare/telegram-two-spots.jpg',
      expected: ['glare'],
      build: telegram({}, [
        { x: 0.4, y: 0.3, radius: 0.05, spread: 0.8 },
        { x: 0.6, y: 0.7, radius: 0.035, spread: 0.8 },
      ]),
    },
    {
      name: 'glare/flat-form.jpg',
      expected: ['glare'],
      build: flat('form-table', [{ x: 0.5, y: 0.35, radius: 0.06 }], { gain: 0.88, offset: 0 }),
    },
    {
      name: 'glare/flat-id-card.jpg',
      expected: ['glare'],
      build: flat('id-card', [{ x: 0.6, y: 0.55, radius: 0.09, spread: 1.2 }]),
    },
    {
      name: 'look-alike/phone-margin-glint.jpg',
      expected: [],
      build: phone({}, [{ x: 0.265, y: 0.55, radius: 0.012, spread: 0.6 }]),
    },
    {
      name: 'look-alike/flat-margin-glint.jpg',
      expected: [],
      build: flat('notice-cjk', [{ x: 0.04, y: 0.3, radius: 0.015, spread: 0.5 }]),
    },
    {
      name: 'look-alike/white-scan.jpg',
      expected: [],
      build: flat('notice-cjk', [], { gain: 1.15, offset: 5 }),
    },
    {
      name: 'look-alike/white-scan-certificate.jpg',
      expected: [],
      build: flat('certificate', [], { gain: 1.2, offset: 0 }),
    },
    {
      name: 'look-alike/white-table.jpg',
      expected: [],
      build: phone({ desk: '#f4f4f2', fill: 0.8, gain: 1.2, angle: 2 }, []),
    },
    {
      name: 'look-alike/white-table-telegram.jpg',
      expected: [],
      build: telegram({ desk: '#fafafa', fill: 0.75, gain: 1.1 }, []),
    },
    {
      name: 'dark/phone-lamp.jpg',
      expected: ['too_dark'],
      build: phone({ doc: 'dense-cjk', gain: 0.22, noise: 4 }, [
        { x: 0.88, y: 0.2, radius: 0.07, spread: 3, strength: 0.9 },
      ]),
    },
    {
      name: 'dark/telegram-lamp.jpg',
      expected: ['too_dark'],
      build: telegram({ gain: 0.25 }, [{ x: 0.12, y: 0.75, radius: 0.06, spread: 2.5, strength: 0.9 }]),
    },
  ];
}

/** 本人手持身份证: a person, not a page; it must not be taken for sideways text or a blur. */
function selfies(draw: number): PhotoFixture[] {
  const selfie = () => documentImage('selfie', draw);
  return [
    { name: 'selfie/clear.jpg', expected: [], build: async () => jpeg(await selfie()) },
    { name: 'selfie/exif-8.jpg', expected: [], build: () => exifOrientedJpeg('selfie', 8, draw) },
    { name: 'selfie/blurred.jpg', expected: ['blurry'], build: async () => jpeg((await selfie()).blur(6)) },
    {
      name: 'selfie/telegram.jpg',
      expected: [],
      build: async () => jpeg((await selfie()).resize({ height: 1280 }), 82),
    },
  ];
}

/** Files that are not usable images at all. */
function brokenFiles(draw: number): PhotoFixture[] {
  const card = () => documentImage('id-card', draw);
  const encoded = (encode: (image: Sharp) => Sharp) => async () =>
    new Uint8Array(await encode(await card()).toBuffer());
  return [
    { name: 'formats/webp.webp', expected: ['unsupported_format'], build: encoded((i) => i.webp()) },
    {
      name: 'formats/gif.gif',
      expected: ['unsupported_format'],
      build: encoded((i) => i.resize({ width: 600 }).gif()),
    },
    { name: 'formats/tiff.tif', expected: ['unsupported_format'], build: encoded((i) => i.tiff()) },
    {
      name: 'formats/bmp.bmp',
      expected: ['unsupported_format'],
      build: async () => bmp(await toRaster((await card()).resize({ width: 600 }))),
    },
    {
      name: 'formats/pdf.pdf',
      expected: ['unsupported_format'],
      build: async () => new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
    },
    {
      name: 'broken/truncated.jpg',
      expected: ['corrupt'],
      build: async () => truncate(await clearJpeg('letter-latin', draw)),
    },
    {
      name: 'broken/damaged.jpg',
      expected: ['corrupt'],
      build: async () => damage(await clearJpeg('letter-latin', draw)),
    },
    {
      name: 'broken/truncated.png',
      expected: ['corrupt'],
      build: async () => truncate(await png(await card())),
    },
    { name: 'broken/bomb-header.png', expected: ['too_many_pixels'], build: async () => pngBombHeader() },
    { name: 'broken/bomb-deflated.png', expected: ['too_many_pixels'], build: () => pngBombDeflated() },
  ];
}

/**
 * The labelled set the calibration test runs: every kind of document in every variant, photographed scenes,
 * selfies, and files that are not usable images. `draw` 0 is the set the thresholds were tuned on; any other
 * draw reseeds every page and tilts every shot differently, a check that they were not tuned to one set.
 */
export function labelledPhotoSet(draw = 0): PhotoFixture[] {
  const documents: [DocumentName, number, number][] = [
    ['letter-latin', 5, 0.9],
    ['notice-cjk', 5, 0.9],
    ['dense-cjk', 6, 1.2],
    ['form-table', 5, 0.9],
    ['certificate', 5, 1],
    ['id-card', 5, 0.9],
    ['id-card-back', 5, 0.9],
    ['screenshot', 5, 0.8],
    ['scan-300dpi', 9, 1.8],
  ];
  return [
    ...documents.flatMap(([doc, blur, soft]) => documentVariants(doc, blur, soft, draw)),
    ...photographs(draw),
    ...selfies(draw),
    ...lights(draw),
    ...brokenFiles(draw),
  ];
}
