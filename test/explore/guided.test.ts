// Goal: the first screen guides a student through the review cases, and the run is in sight
// whenever they choose one. A page opened without a link asks what they expect of case 1 (2013)
// before showing anything, plays the run, then says what happened and which phase decided it,
// with the decisions as the simulator states them; today's run follows, then what changed. A
// case chosen from the list brings the run into view and moves focus to it, on a desktop and on
// a phone. The teacher's walk (review case 3 today, break its cookie, watch strict refuse it)
// ends with the diagram, the cookie and the libvirt-versus-strict verdict inside 1280×800.
// Method: the static export in headless Chromium; expected facts from the simulator in Node.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeHeadline } from '../../src/explore/labels.js';
import { isRun, runExplore } from '../../src/explore/simulate.js';
import { defaultState } from '../../src/explore/state.js';
import { decidingStep, phaseTitle, stepsOf } from '../../src/explore/steps.js';
import { pairState } from '../../src/explore/tour-model.js';
import { reviewPairs } from '../../src/sim/review-cases.js';
import { chromiumAvailable, exportSite, inViewport, launchChromium, openPage, shownOutcome } from './browser.js';

function expected(index: number, era: 'then' | 'today') {
  const pair = reviewPairs[index];
  if (!pair) throw new Error(`no review case ${index + 1}`);
  const run = runExplore({ ...defaultState, ...pairState(pair, era) });
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  const steps = stepsOf(run.result);
  const deciding = steps[decidingStep(steps, run.result)];
  if (!deciding) throw new Error('no deciding step');
  return { result: run.result, deciding };
}

const focusedId = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);

describe.skipIf(!chromiumAvailable())('explorer: the guided first screen', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => browser?.close());

  it('asks before each reveal, plays the run, and explains what decided it, 2013 then today', async () => {
    const { context, page, errors } = await openPage(browser, url);
    // Nothing is revealed yet: the question comes first.
    await expect.poll(() => page.locator('#tour-prompt').innerText()).toMatch(/^2013: what do you expect\?/);
    expect(await page.locator('svg.diagram g.phase').count()).toBe(0);
    expect(await page.locator('table.then-today td[data-era]').allInnerTexts()).toEqual(['?', '?', '?', '?']);
    const then = expected(0, 'then');
    await page.click('[data-guess="nbd"]');
    // It plays, one phase at a time, until the end, and the card answers.
    await expect.poll(() => page.locator('#tour-prompt .answer').count(), { timeout: 20_000 }).toBe(1);
    const answer = await page.locator('#tour-prompt').innerText();
    expect(then.result.outcome.storage).not.toBe('nbd');
    expect(answer).toContain(`You expected NBD mirror; in fact: ${outcomeHeadline(then.result.outcome)}.`);
    expect(answer).toContain(`${phaseTitle[then.deciding.phase]} on the source decided it`);
    for (const decision of then.deciding.decisions) expect(answer).toContain(decision.text);
    for (const decision of then.deciding.decisions) expect(answer).toContain(decision.rule);
    expect(await page.locator('svg.diagram g.phase').count()).toBe(then.result.phases.length);
    // Today: asked again, revealed again, then what changed.
    await page.click('[data-tour="today"]');
    await expect.poll(() => page.locator('#tour-prompt').innerText()).toMatch(/^Today: what do you expect\?/);
    expect(await focusedId(page)).toBe('tour-prompt');
    const today = expected(0, 'today');
    await page.click(`[data-guess="${today.result.outcome.result === 'failed' ? 'failed' : today.result.outcome.storage}"]`);
    await expect.poll(() => page.locator('#tour-prompt .changed').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('#tour-prompt .answer').innerText()).toMatch(/^Today: As you expected: /);
    expect(await page.locator('table.then-today td[data-era="today"]').first().innerText()).not.toBe('?');
    expect(await page.locator('[data-tour="next"]').innerText()).toBe('Next: case 2 →');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const width of [1280, 390]) {
    it(`a case from the list brings the run into view and focuses it (${width} px)`, async () => {
      const { context, page } = await openPage(browser, url, { width });
      await page.click('[data-case="4-today"]');
      await shownOutcome(page);
      expect(await focusedId(page)).toBe('run-title');
      await expect.poll(() => inViewport(page, '#run-title')).toBe(true);
      await expect.poll(() => inViewport(page, '[data-player="play"]')).toBe(true);
      // On the phone the run comes right after the setup; on a desktop it sits beside it.
      const [setup, run] = [await page.locator('.setup').boundingBox(), await page.locator('#run').boundingBox()];
      if (width === 1280) expect((run?.x ?? 0)).toBeGreaterThan((setup?.x ?? 0) + (setup?.width ?? 0) - 1);
      else expect((run?.y ?? 0)).toBeGreaterThan((setup?.y ?? 0) + (setup?.height ?? 0) - 1);
      await context.close();
    });
  }

  it("the teacher's walk: case 3 today, its cookie broken, strict refusing it, all within 1280×800", async () => {
    const { context, page, errors } = await openPage(browser, url, { width: 1280, height: 800 });
    await page.click('[data-case="3-today"]');
    await shownOutcome(page);
    await page.click('[data-cookie="begin"]');
    await page.click('[data-mutation="dup-nbd"]');
    await shownOutcome(page);
    const strict = page.locator('table.reactions[aria-busy="false"] tr[data-policy="strict"]');
    expect(await strict.getAttribute('data-code')).toBe('duplicate-element');
    expect(await page.locator('table.reactions tr[data-policy="libvirt"]').getAttribute('data-code')).toBeNull();
    for (const part of ['svg.diagram', 'g.cookie[data-cookie="begin"]', '#details pre.xml', 'table.reactions']) {
      // Choosing a case scrolls smoothly: wait for the scroll to settle, not for a time.
      await expect.poll(() => inViewport(page, part), { message: part, timeout: 10_000 }).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
