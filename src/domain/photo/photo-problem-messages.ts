import type { Text } from '../text.js';
import type { PhotoProblemCode } from './photo-problem.js';

/**
 * What the applicant is told for each problem: one plain sentence saying what to do next. These are the
 * defaults of `PhotoRules.messages`; the flow file may override them.
 */
export const PHOTO_PROBLEM_MESSAGES: Readonly<Record<PhotoProblemCode, Text>> = {
  unsupported_format: {
    zh: '文件格式不支持，请上传 jpg/jpeg 或 png 格式的照片。',
    en: 'This file type is not accepted. Please send the photo as JPG/JPEG or PNG.',
  },
  corrupt: {
    zh: '照片文件已损坏或不完整，请重新拍摄或重新发送原图。',
    en: 'The photo file is damaged or incomplete. Please take it again or send the original once more.',
  },
  too_many_pixels: {
    zh: '照片像素过大，无法处理，请用手机相机的普通模式重新拍摄后上传。',
    en: 'The image has too many pixels to process. Please retake it in the camera’s normal mode and send it again.',
  },
  too_small: {
    zh: '照片尺寸太小，文字无法看清，请靠近材料重新拍摄，并发送原图。',
    en: 'The photo is too small to read. Please move closer to the document, retake it and send the original.',
  },
  too_dark: {
    zh: '照片太暗，请在光线充足处重新拍摄。',
    en: 'The photo is too dark. Please retake it in good light.',
  },
  too_bright: {
    zh: '照片过亮或反光，文字看不清，请避开强光和闪光灯后重拍。',
    en: 'The photo is too bright or has glare, so the text is washed out. Please avoid strong light and the flash, and retake it.',
  },
  glare: {
    zh: '照片有反光，部分文字被强光盖住，请把材料稍微倾斜或关闭闪光灯后重拍。',
    en: 'A reflection hides part of the text. Please tilt the document a little or turn the flash off, and retake it.',
  },
  blurry: {
    zh: '照片模糊，请在光线充足处对焦后重拍。',
    en: 'The photo is blurred. Please retake it in good light, letting the camera focus first.',
  },
  sideways: {
    zh: '照片方向不正（文字是竖排的），请将照片转正、使文字横向后重新上传。',
    en: 'The photo is on its side (the text runs up or down). Please turn it upright so the text runs across, and send it again.',
  },
};
