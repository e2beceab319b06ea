// Goal: the page stays responsive. The stream model runs in the worker, on demand: while a long
// one computes, the player still steps the run (asserted on the DOM, not on time), and Cancel
// stops it. Reported, not asserted (goals from the issue): page load to the first diagram (goal
// 300 ms here) and main-thread tasks over 100 ms (goal: none), as the browser itself measures
// them (the page's performance mark, the Long Tasks API), over loads of the first screen and of
// a run that copies storage over NBD, and while a long stream model runs.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, exportSite, firstDiagramMs, launchChromium, longTasks, openPage, shownOutcome } from './browser.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';
const lines: string[] = [];

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

describe.skipIf(!chromiumAvailable())('explorer: responsiveness (reported)', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (lines.length > 0) console.log(`explore: responsiveness (reported, not asserted)\n  ${lines.join('\n  ')}`);
  });

  for (const [label, hash] of [['first screen (tour, case 1 2013)', ''], ['libvirt 9.0 pair over NBD', '#src=libvirt=9.0.0,qemu=7.2.0&dst=libvirt=9.0.0,qemu=7.2.0']] as const) {
    it(`reports load to first diagram and long tasks: ${label}`, async () => {
      const first: number[] = [];
      const long: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const { context, page, errors } = await openPage(browser, `${url}${hash}`);
        first.push(await firstDiagramMs(page));
        if (hash !== '') await shownOutcome(page);
        long.push(...(await longTasks(page)).map(([, duration]) => duration));
        expect(errors).toEqual([]);
        await context.close();
      }
      lines.push(`${label}: first diagram median ${median(first).toFixed(0)} ms (${first.map((ms) => ms.toFixed(0)).join(', ')}); `
        + `main-thread tasks over 100 ms: ${long.length === 0 ? 'none' : long.map((ms) => ms.toFixed(0)).join(', ')} over ${first.length} loads`);
      expect(first.every(Number.isFinite)).toBe(true);
    });
  }

  it('steps the run while a long stream model computes in the worker, and Cancel stops it', async () => {
    const { context, page, errors } = await openPage(browser, `${url}#src=${today}&dst=${today}&step=1`);
    const before = (await longTasks(page)).length;
    // An hour of a 1 TiB mirror under 40 MiB/s of writes: seconds of work (bench/stream.bench.ts).
    const long: readonly (readonly [string, string])[] = [['disk', '1TiB'], ['bandwidth', '10Gbit/s'], ['rtt', '20ms'], ['dirty', '40MiB/s']];
    for (const [field, value] of long) await page.fill(`#stream-${field}`, value);
    await page.click('#stream-run');
    expect(await page.getAttribute('#stream-result', 'aria-busy')).toBe('true');
    await page.click('[data-player="next"]');
    await expect.poll(() => page.locator('#player-status').innerText()).toMatch(/^Phase 2 of /);
    // Still computing when the step was taken: the two ran side by side.
    expect(await page.getAttribute('#stream-result', 'aria-busy')).toBe('true');
    await page.click('#stream-cancel');
    await expect.poll(() => page.locator('#stream-result').innerText()).toBe('Cancelled.');
    const during = (await longTasks(page)).slice(before).map(([, duration]) => duration);
    lines.push(`while a 1 TiB stream model ran: main-thread tasks over 100 ms: ${during.length === 0 ? 'none' : during.map((ms) => ms.toFixed(0)).join(', ')}`);
    // The next run still works after a cancel (a new worker).
    await page.fill('#stream-disk', '1GiB');
    await page.fill('#stream-dirty', '0');
    await page.click('#stream-run');
    await page.waitForSelector('#stream-result[data-ready-seconds]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
