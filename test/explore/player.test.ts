// Goal: the player shows the run as the simulator ran it and keeps the student's place. Play
// adds one phase at a time and the view follows the growing diagram (on a phone and on a
// desktop, where the diagram scrolls on its own); an opened cookie stays open while it plays;
// the time slider stops at every host snapshot the world recorded and the hosts table shows
// that snapshot; at the end the details open on the phase that decided the outcome, for each
// review run; a link opened in a tab already showing the page restores that run and refreshes
// the notice about what the link could not read. Method: headless Chromium on the static
// export; snapshots, steps and outcomes from the simulator run in Node.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/model/units.js';
import { isRun, runExplore } from '../../src/explore/simulate.js';
import { defaultState, type ExploreState } from '../../src/explore/state.js';
import { decidingStep, momentsOf, stepsOf } from '../../src/explore/steps.js';
import { pairState } from '../../src/explore/tour-model.js';
import { reviewPairs } from '../../src/sim/review-cases.js';
import { chromiumAvailable, exportSite, launchChromium, openPage, shownOutcome } from './browser.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';
const caseFive = `src=${today}&dst=${today}`;

function simulated(state: Partial<ExploreState>) {
  const run = runExplore({ ...defaultState, ...state });
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  return run.result;
}

/** Whether the element is inside the viewport and inside the visible part of every scrolling box around it. */
function inSight(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((target) => {
    const element = document.querySelector(target);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    for (let up = element.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (!/(auto|scroll|hidden)/.test(style.overflowY)) continue;
      const frame = up.getBoundingClientRect();
      if (box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) return false;
    }
    return box.top >= -0.5 && box.bottom <= window.innerHeight + 0.5;
  }, selector);
}

const status = (page: Page): Promise<string> => page.locator('#player-status').innerText();

describe.skipIf(!chromiumAvailable())('explorer: player, time slider, hosts, end, links', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => browser?.close());

  for (const width of [390, 1280]) {
    it(`Play adds one phase at a time and the view follows the diagram to its end (${width} px)`, async () => {
      const { context, page, errors } = await openPage(browser, `${url}#${caseFive}&step=0`, { width });
      const total = simulated(pairState(reviewPairs[4] ?? reviewPairs[0] ?? ({} as never), 'today')).phases.length;
      await expect.poll(() => status(page)).toMatch(/^Ready/);
      await page.click('[data-player="play"]');
      expect(await page.getAttribute('[data-player="play"]', 'aria-pressed')).toBe('true');
      await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/^Phase 2 of /);
      await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(new RegExp(`^Phase ${total} of ${total}`));
      await expect.poll(() => page.getAttribute('[data-player="play"]', 'aria-pressed')).toBe('false');
      expect(await page.locator('svg.diagram g.phase').count()).toBe(total);
      // The diagram grew past the screen (or its pane) and the view followed it to the outcome.
      await expect.poll(() => inSight(page, 'svg.diagram g.outcome')).toBe(true);
      const scrolled = await page.evaluate(() => window.scrollY + (document.querySelector('.diagram-pane')?.scrollTop ?? 0));
      expect(scrolled).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('an opened cookie stays open while the run plays', async () => {
    const { context, page } = await openPage(browser, `${url}#${caseFive}&step=2&open=begin`);
    await expect.poll(() => page.locator('#details [data-cookie-details]').getAttribute('data-cookie-details')).toBe('begin');
    await page.click('[data-player="play"]');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/^Phase 3 of /);
    expect(await page.locator('#details [data-cookie-details]').getAttribute('data-cookie-details')).toBe('begin');
    expect(await page.getAttribute('g.cookie[data-cookie="begin"]', 'aria-pressed')).toBe('true');
    await expect.poll(() => page.getAttribute('[data-player="play"]', 'aria-pressed'), { timeout: 20_000 }).toBe('false');
    expect(await page.locator('#details [data-cookie-details]').getAttribute('data-cookie-details')).toBe('begin');
    expect(page.url()).toContain('open=begin');
    await context.close();
  });

  it('the time slider stops at every host snapshot, and the hosts table shows the world at that moment', async () => {
    const result = simulated({ source: today, target: today });
    const moments = momentsOf(result);
    const { context, page } = await openPage(browser, `${url}#${caseFive}`);
    await shownOutcome(page);
    expect(await page.getAttribute('#time-slider', 'max')).toBe(String(moments.length));
    const ready = moments.findIndex((m) => m.event.kind === 'effect' && m.event.effect.kind === 'mirror-wait-ready');
    const moment = moments[ready];
    if (!moment) throw new Error('no mirror in case 5 today');
    await page.fill('#time-slider', String(ready + 1));
    await expect.poll(() => page.url()).toContain(`step=${moment.step + 1}&at=${ready}`);
    const table = page.locator('#hosts table.host-table');
    const cell = (row: string, side: string) => table.locator(`tr:has(th:text-is("${row}")) td[data-side="${side}"]`).innerText();
    const hosts = moment.event.hosts;
    if (!hosts) throw new Error('the explorer\'s runs record the hosts');
    const { source, target } = hosts;
    const mirror = source.mirrors[0];
    const server = target.nbdServer;
    if (!mirror || !server) throw new Error('the snapshot has no mirror or no NBD server');
    expect(await cell('Mirror jobs', 'source')).toContain(`READY, ${formatBytes(mirror.copiedBytes)} of ${formatBytes(mirror.totalBytes)}`);
    expect(await cell('NBD server', 'target')).toBe(`port ${server.port}, exports ${server.exports.map((e) => `${e.disk} as '${e.name}'`).join(', ')}`);
    expect(await cell('QEMU', 'target')).toContain('paused');
    expect(await cell('libvirt', 'source')).toBe('in Perform');
    expect(await page.locator('svg.diagram g.now').count()).toBe(1);
    // The first stop: before anything, the guest on the source and no destination QEMU.
    await page.fill('#time-slider', '0');
    await expect.poll(() => cell('QEMU', 'target')).toBe('no process');
    expect(await page.locator('#hosts thead th.has-guest').getAttribute('data-side')).toBe('source');
    await context.close();
  });

  it('at the end the details open on the phase that decided the outcome, for every review run', async () => {
    const { context, page } = await openPage(browser, url);
    for (const pair of reviewPairs) {
      for (const era of ['then', 'today'] as const) {
        const result = simulated(pairState(pair, era));
        const steps = stepsOf(result);
        const deciding = decidingStep(steps, result);
        expect(steps[deciding]?.phase).toBe(result.outcome.error?.phase ?? 'perform');
        await page.click(`[data-case="${pair.seedCase}-${era}"]`);
        await shownOutcome(page);
        await expect.poll(() => page.locator('#details-title').innerText()).toBe('How it ended');
        expect(await page.getAttribute('#details h3[data-step]', 'data-step'), `case ${pair.seedCase} ${era}`).toBe(String(deciding));
        expect(await page.locator('svg.diagram g.phase.decisive').getAttribute('data-step')).toBe(String(deciding));
      }
    }
    await context.close();
  });

  it('a link opened in a tab already showing the page restores its run and refreshes the notice', async () => {
    const { context, page } = await openPage(browser, `${url}#${caseFive}`);
    await shownOutcome(page);
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    expect(await page.locator('#link-problems').innerText()).toBe('');
    await page.goto(`${url}#src=libvirt=1.0.3,qemu=1.3.0&dst=libvirt=1.0.2,qemu=1.3.0&seed=x`);
    await expect.poll(() => page.locator('#link-problems').innerText()).toBe("Ignored in the link: seed 'x'.");
    expect((await shownOutcome(page)).storage).toBe(simulated({ source: 'libvirt=1.0.3,qemu=1.3.0', target: 'libvirt=1.0.2,qemu=1.3.0' }).outcome.storage);
    expect(await page.inputValue('#target-libvirt')).toBe('1.0.2');
    await page.goto(`${url}#${caseFive}&seed=2`);
    await expect.poll(() => page.locator('#link-problems').innerText()).toBe('');
    expect(await page.inputValue('#seed')).toBe('2');
    expect(await page.evaluate(() => 'samePage' in window)).toBe(true);
    await context.close();
  });
});
