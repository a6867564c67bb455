import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeSection } from '../../src/domain/checklist-text.js';
import { FLOWS_DIR } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';

const flowFiles = readdirSync(FLOWS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f));

/** Full-width punctuation, which English text must not use. */
const FULL_WIDTH = /[（）：，。；！？“”‘’、【】《》]/;
/**
 * ASCII punctuation that Chinese text writes full-width. A colon between digits (24:00) or in a URL, a
 * slash command, and the placeholders' braces are not prose punctuation.
 */
const ASCII_IN_CHINESE = /[,;?!()]|(?<![0-9a-z]):|:(?![0-9/])/i;

/** Every {zh, en} text anywhere in a flow, with its path. */
function textsOf(value: unknown, path: string, out: { path: string; zh: string; en: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => textsOf(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.zh === 'string' && typeof record.en === 'string')
      out.push({ path, zh: record.zh, en: record.en });
    else for (const [key, v] of Object.entries(record)) textsOf(v, path ? `${path}.${key}` : key, out);
  }
  return out;
}

describe.each(flowFiles)('punctuation in %s', (file) => {
  it('writes English with ASCII punctuation and Chinese with full-width punctuation', async () => {
    const flow = await loadFlow(join(FLOWS_DIR, file));
    const texts = textsOf(flow, '');
    expect(texts.length).toBeGreaterThan(150);
    const wrong = texts.flatMap(({ path, zh, en }) => [
      ...(FULL_WIDTH.test(en) ? [`${path}.en: ${en}`] : []),
      ...(ASCII_IN_CHINESE.test(zh.replace(/\{\w+\}/g, '').replace(/https?:\/\/\S+/g, ''))
        ? [`${path}.zh: ${zh}`]
        : []),
    ]);
    expect(wrong).toEqual([]);
  });
});

describe('text the code puts together', () => {
  it('cites the notice’s sections with ASCII brackets and numbers in English', () => {
    expect(routeSection('（五）1', 'en')).toBe('(5)1');
    expect(routeSection('（十）', 'en')).toBe('(10)');
    expect(routeSection('（五）1', 'zh')).toBe('（五）1');
  });
});
