// Goal: "break it" makes the receiver react as the simulator says under libvirt and strict; a
// shared URL restores the same run; the export works from file:// with no network; the page is
// keyboard operable and fits a 390 px phone screen. Method: drive the static export in headless
// Chromium; expected codes come from the simulator run in Node on the same edit.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEdit } from '../../src/explore/edits.js';
import { decodeState } from '../../src/explore/hash.js';
import { isRun, runExplore } from '../../src/explore/simulate.js';
import { defaultState, type ExploreState } from '../../src/explore/state.js';
import { chromiumAvailable, exportSite, launchChromium, openPage, shownOutcome } from './browser.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';

/** The error code the simulator gives case 5 today with one prepared mutation. */
function expectedCode(edit: string, policy: string): string | null {
  const decoded = decodeEdit(edit);
  const state: ExploreState = { ...defaultState, source: today, target: today, policy, edits: decoded ? [decoded] : [] };
  const run = runExplore(state);
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  return run.result.outcome.error?.code ?? null;
}

/** The receiver's error code in the verdict beside the cookie, once both runs of the verdict are in. */
async function reactionCode(page: Page, policy: string): Promise<string | undefined> {
  const text = await page.locator(`table.reactions[aria-busy="false"] tr[data-policy="${policy}"]`).innerText();
  return /\[([a-z-]+)\]/.exec(text)?.[1];
}

describe.skipIf(!chromiumAvailable())('explorer: break it, share, offline, keyboard, phone', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => browser?.close());

  it('a mutated cookie shows the error code of the simulator, under libvirt and strict', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await page.click('[data-case="5-today"]');
    await page.selectOption('#break-phase', 'prepare');
    const mutations: [string, string | null, string | null][] = [
      ['bad-port', 'nbd-connect-failed', 'nbd-port-out-of-range'],
      ['unknown-feature', 'unknown-feature', 'unknown-feature'],
      ['dup-nbd', null, 'duplicate-element'],
    ];
    for (const [mutation, libvirt, strict] of mutations) {
      expect([expectedCode(`prepare:${mutation}`, 'libvirt'), expectedCode(`prepare:${mutation}`, 'strict')]).toEqual([libvirt, strict]);
      await page.click(`[data-mutation="${mutation}"]`);
      expect((await shownOutcome(page)).code).toBe(libvirt);
      if (strict) expect(await reactionCode(page, 'strict')).toBe(strict);
      if (libvirt) expect(await reactionCode(page, 'libvirt')).toBe(libvirt);
    }
    await page.selectOption('#policy-preset', 'strict');
    expect((await shownOutcome(page)).code).toBe('duplicate-element');
    expect(page.url()).toContain('edit=prepare:dup-nbd');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a hand-edited cookie is delivered as typed', async () => {
    const { context, page } = await openPage(browser, url);
    await page.click('[data-case="5-today"]');
    await page.selectOption('#break-phase', 'begin');
    const sent = await page.inputValue('#break-xml');
    await page.fill('#break-xml', sent.replace('<nbd>', "<nbd port='0x10'>"));
    await page.click('#break-deliver');
    const outcome = await shownOutcome(page);
    expect({ code: outcome.code, phase: outcome.phase }).toEqual({ code: 'malformed-nbd-port', phase: 'prepare' });
    expect(outcome.text).toContain("Malformed nbd port '0x10'");
    expect(await page.locator('svg.diagram g.cookie.edited').count()).toBe(1);
    await page.click('#break-reset');
    expect((await shownOutcome(page)).result).toBe('completed');
    await context.close();
  });

  it('a shared URL restores the same run: setup, policy, edit and step', async () => {
    const { context, page } = await openPage(browser, url);
    await page.click('[data-case="3-today"]');
    await page.selectOption('#policy-preset', 'strict');
    await page.selectOption('#break-phase', 'begin');
    await page.click('[data-mutation="unknown-feature"]');
    await page.click('[data-player="back"]');
    await page.click('[data-player="back"]');
    const shared = page.url();
    expect(shared).toMatch(/policy=strict&seed=1&edit=begin:unknown-feature&.*step=\d+/);
    const status = await page.locator('.player-status').innerText();
    const svg = await page.locator('#diagram').innerHTML();
    const details = await page.locator('#details').innerText();
    await context.close();
    const again = await openPage(browser, shared);
    expect(again.page.url()).toBe(shared);
    expect(await again.page.locator('.player-status').innerText()).toBe(status);
    expect(await again.page.locator('#diagram').innerHTML()).toBe(svg);
    expect(await again.page.locator('#details').innerText()).toBe(details);
    await again.page.click('[data-player="end"]');
    const outcome = await shownOutcome(again.page);
    expect(outcome.code).toBe(expectedCodeFor(shared));
    await again.context.close();
  });

  it('works from file:// with every network request blocked', async () => {
    const { context, page, offsite, errors } = await openPage(browser, url);
    await page.click('[data-case="5-today"]');
    await page.fill('#stream-dirty', '20MiB/s');
    await page.click('#stream-run');
    await page.waitForSelector('#stream-result[data-ready-seconds] img');
    await page.click('#matrix summary');
    await page.waitForSelector('table.matrix', { timeout: 30_000 });
    // The page's own policy refuses network requests, whatever a script would try.
    expect(await page.evaluate(() => fetch('http://127.0.0.1:9/').then(() => 'fetched', () => 'refused'))).toBe('refused');
    expect(offsite).toEqual([]);
    expect(errors.filter((e) => !e.includes('Content Security Policy'))).toEqual([]);
    await context.close();
  });

  it('is keyboard operable: arrow keys step, Enter opens a cookie, focus is visible', async () => {
    const { context, page } = await openPage(browser, `${url}#src=libvirt=9.0.0,qemu=7.2.0&dst=libvirt=9.0.0,qemu=7.2.0`);
    await shownOutcome(page);
    await page.locator('body').press('ArrowLeft');
    await expect.poll(() => page.locator('.player-status').innerText()).toMatch(/^Phase 4 of 5/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.player-status').innerText()).toMatch(/^Phase 4 of 5/);
    const cookie = page.locator('[data-cookie="prepare"]');
    await cookie.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#details [data-cookie-details]').innerText()).toMatch(/^Prepare cookie/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cookie'))).toBe('prepare');
    expect(await page.locator('#details mark').first().innerText()).toContain('<nbd');
    await page.locator('[data-player="next"]').focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await context.close();
  });

  it('fits a 390 px wide phone screen without sideways scrolling, diagram text at 12 px or more', async () => {
    const { context, page } = await openPage(browser, `${url}#src=${today},-nbd-server&dst=libvirt=1.0.2,qemu=1.3.0&mode=p2p&open=begin`, { width: 390 });
    await shownOutcome(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Every label's rendered size: its font size in view-box units times the diagram's scale.
    const smallest = await page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>('svg.diagram');
      if (!svg) return 0;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
    });
    expect(smallest).toBeGreaterThanOrEqual(12);
    await context.close();
  });
});

function expectedCodeFor(shared: string): string | null {
  const run = runExplore(decodeState(new URL(shared).hash).state);
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  return run.result.outcome.error?.code ?? null;
}
