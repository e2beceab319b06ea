// Goal: the page is usable by keyboard and screen reader and readable on a phone. axe-core finds
// no serious or critical violation at 1280 and 390 px in the states a student passes through
// (first screen, an opened and broken cookie with its glossary entry, the hosts during a mirror,
// the stream result, the matrix), nor in the hover, pressed and focus states of the buttons; the
// skip link reaches the player within 5 Tab presses; a cookie's XML scrolls with the keyboard
// without stepping the run; one polite live region speaks one short sentence per step; no
// diagram text leaves the diagram in any review run. Method: headless Chromium on the static
// export, axe-core's own script injected into the page for the test.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRun, runExplore } from '../../src/explore/simulate.js';
import { defaultState } from '../../src/explore/state.js';
import { momentsOf } from '../../src/explore/steps.js';
import { reviewPairs } from '../../src/sim/review-cases.js';
import { chromiumAvailable, exportSite, launchChromium, openPage, seriousViolations, shownOutcome } from './browser.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';
const caseFive = `src=${today}&dst=${today}`;

/** The moment case 5 today's mirror is READY (the hosts table then shows its progress bar). */
const mirror = (() => {
  const run = runExplore({ ...defaultState, source: today, target: today });
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  const moments = momentsOf(run.result);
  const index = moments.findIndex((m) => m.event.kind === 'effect' && m.event.effect.kind === 'mirror-wait-ready');
  return { index, step: moments[index]?.step ?? 0 };
})();
const report: string[] = [];

/** Serious and critical violations, recorded for the summary printed at the end. */
async function audit(page: Page, label: string): Promise<string[]> {
  const found = await seriousViolations(page);
  report.push(`${label}: ${found.length === 0 ? 'none' : found.map((v) => `${v.impact} ${v.id} (${v.targets.length})`).join(', ')}`);
  return found.map((v) => `${v.impact} ${v.id}: ${v.targets.slice(0, 3).join(' | ')}`);
}

/** Text boxes (in view-box units) that leave the diagram's view box. */
function textsOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('svg.diagram');
    if (!svg) return ['no diagram'];
    const { width, height } = svg.viewBox.baseVal;
    return [...svg.querySelectorAll<SVGTextElement>('text')].filter((t) => {
      const box = t.getBBox();
      return box.x < 0 || box.y < 0 || box.x + box.width > width || box.y + box.height > height;
    }).map((t) => t.textContent ?? '');
  });
}

describe.skipIf(!chromiumAvailable())('explorer: accessibility and layout', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (report.length > 0) console.log(`explore: axe-core serious/critical violations\n  ${report.join('\n  ')}`);
  });

  for (const width of [1280, 390]) {
    it(`axe-core finds no serious or critical violation (${width} px)`, async () => {
      const { context, page, errors } = await openPage(browser, url, { width });
      expect(await audit(page, `${width} px, first screen`)).toEqual([]);
      await page.click('[data-case="3-today"]');
      await shownOutcome(page);
      await page.click('[data-cookie="begin"]');
      await page.click('[data-mutation="dup-nbd"]');
      await shownOutcome(page);
      await page.waitForSelector('table.reactions[aria-busy="false"]');
      await page.click('#details button.gl[data-path="nbd"]');
      await page.waitForSelector('#glossary[data-path="nbd"]');
      expect(await audit(page, `${width} px, broken cookie and its glossary entry`)).toEqual([]);
      await page.goto(`${url}#${caseFive}&step=${mirror.step + 1}&at=${mirror.index}`);
      await expect.poll(() => page.locator('#hosts progress').count()).toBeGreaterThan(0);
      expect(await audit(page, `${width} px, hosts during the mirror`)).toEqual([]);
      await page.fill('#stream-disk', '1GiB');
      await page.click('#stream-run');
      await page.waitForSelector('#stream-result[data-ready-seconds] img', { timeout: 30_000 });
      await page.click('#matrix summary');
      await page.waitForSelector('table.matrix', { timeout: 60_000 });
      expect(await audit(page, `${width} px, stream result and matrix`)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('keeps 4.5:1 contrast in the hover, pressed and focus states of the buttons', async () => {
    const { context, page } = await openPage(browser, `${url}#${caseFive}`);
    await shownOutcome(page);
    await page.hover('[data-player="start"]');
    expect(await audit(page, '1280 px, hover')).toEqual([]);
    // Pressed (Play is running) and hovered at once: the state the issue found at 1.17:1.
    await page.click('[data-player="play"]');
    await page.hover('[data-player="play"]');
    expect(await page.getAttribute('[data-player="play"]', 'aria-pressed')).toBe('true');
    expect(await audit(page, '1280 px, pressed and hovered')).toEqual([]);
    await page.click('[data-player="play"]');
    await page.click('[data-case="5-today"]');
    await page.hover('[data-case="5-today"]');
    expect(await page.getAttribute('[data-case="5-today"]', 'aria-pressed')).toBe('true');
    expect(await audit(page, '1280 px, pressed case button hovered')).toEqual([]);
    await page.focus('[data-case="2-then"]');
    await page.keyboard.press('Tab');
    expect(await audit(page, '1280 px, keyboard focus')).toEqual([]);
    await context.close();
  });

  it('the skip link reaches the player within 5 Tab presses', async () => {
    const { context, page } = await openPage(browser, url);
    // Tab only once the page has drawn its player: before that there is nothing to reach (on a
    // loaded machine the first Tab could otherwise come before the player exists).
    await page.locator('.player button').first().waitFor();
    let presses = 0;
    const inPlayer = (): Promise<boolean> => page.evaluate(() => document.activeElement?.closest('.player') !== null && document.activeElement !== document.body);
    await page.keyboard.press('Tab');
    presses += 1;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');
    await page.keyboard.press('Enter');
    while (!(await inPlayer()) && presses < 5) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await inPlayer()).toBe(true);
    expect(presses).toBeLessThanOrEqual(5);
    await context.close();
  });

  it("a cookie's XML scrolls with the keyboard and never steps the run", async () => {
    const { context, page } = await openPage(browser, `${url}#${caseFive}&open=begin`);
    await shownOutcome(page);
    const status = await page.locator('#player-status').innerText();
    const xml = page.locator('#details pre.xml').first();
    await xml.focus();
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => xml.evaluate((pre) => pre.scrollTop)).toBeGreaterThan(0);
    expect(await page.locator('#player-status').innerText()).toBe(status);
    // Tab reaches the names, one tab stop; the arrow keys move between them, and the view follows.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('qemu-migration');
    await xml.evaluate((pre) => { pre.scrollTop = 0; });
    for (let i = 0; i < 30; i += 1) await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-path'));
    expect(focused).not.toBe('qemu-migration');
    expect(await xml.evaluate((pre) => pre.contains(document.activeElement) && pre.scrollTop > 0)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#glossary', 'data-path')).toBe(focused);
    expect(await page.locator('#player-status').innerText()).toBe(status);
    await context.close();
  });

  it('has one polite live region, which says one short sentence per step', async () => {
    const { context, page } = await openPage(browser, `${url}#${caseFive}&step=1`);
    await expect.poll(() => page.locator('#announcer').innerText()).toMatch(/^Phase 1 of 5/);
    const live = await page.evaluate(() => [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"], output')].map((e) => e.id));
    expect(live).toEqual(['announcer']);
    await page.click('[data-player="next"]');
    await expect.poll(() => page.locator('#announcer').innerText()).toMatch(/^Phase 2 of 5: Prepare on the destination/);
    expect((await page.locator('#announcer').innerText()).length).toBeLessThan(120);
    await context.close();
  });

  for (const width of [390, 1280]) {
    it(`no diagram text leaves the diagram in any review run (${width} px)`, async () => {
      const { context, page } = await openPage(browser, url, { width });
      for (const pair of reviewPairs) {
        for (const era of ['then', 'today'] as const) {
          await page.click(`[data-case="${pair.seedCase}-${era}"]`);
          await shownOutcome(page);
          expect(await textsOutside(page), `case ${pair.seedCase} ${era}`).toEqual([]);
        }
      }
      // Long labels too: an edited cookie with two <nbd>, switched capabilities, peer-to-peer.
      await page.goto(`${url}#src=${today},-blockdev-mirror,-drive-mirror&dst=libvirt=1.0.2,qemu=1.3.0,-nbd-server&mode=p2p&edit=begin:dup-nbd`);
      await shownOutcome(page);
      expect(await textsOutside(page)).toEqual([]);
      await context.close();
    });
  }
});
