import { describe, expect, it } from 'vitest';
import { planBrowserTest } from './browser-test-plan.js';

describe('whether a browser test runs', () => {
  it('runs when the browser is installed, in CI or not', () => {
    expect(planBrowserTest({}, true)).toBe('run');
    expect(planBrowserTest({ CI: 'true' }, true)).toBe('run');
  });

  it('skips without the browser on a computer that is not CI', () => {
    expect(planBrowserTest({}, false)).toBe('skip');
    expect(planBrowserTest({ CI: '' }, false)).toBe('skip');
    expect(planBrowserTest({ CI: 'false' }, false)).toBe('skip');
    expect(planBrowserTest({ CI: '0' }, false)).toBe('skip');
  });

  it('fails without the browser in CI', () => {
    expect(planBrowserTest({ CI: 'true' }, false)).toBe('fail');
    expect(planBrowserTest({ CI: '1' }, false)).toBe('fail');
    expect(planBrowserTest({ CI: 'TRUE' }, false)).toBe('fail');
  });
});
