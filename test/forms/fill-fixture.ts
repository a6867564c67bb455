import type { FormFill } from '../../src/domain/form-fill.js';

/** Every field filled, with rare characters in the name (堃, 喆: outside the forms' own font subset). */
export const FILL: FormFill = {
  name: '张堃喆',
  gender: '男',
  birth: '1995-07',
  ethnicity: '汉族',
  major: '临床医学',
  education: '本科',
  educationDate: '2018-07',
  idNumber: '11010519491231002X',
  category: '临床执业医师',
  school: '山东第一医科大学',
  graduationDate: '2020-06-30',
  phone: '13800138000',
};
