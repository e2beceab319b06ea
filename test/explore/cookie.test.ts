// Goal: what the page says about a run and its cookies is what the model says. Each phase's
// decisions appear as the model words them, with their rules; a cookie's label in the diagram
// agrees with the XML shown for it; every element or attribute name of a shown cookie opens the
// glossary entry of src/model/cookie/glossary.ts, with the readers and release it derives; and
// the run exports as the Mermaid text of `migsim simulate --mermaid` and as a standalone SVG.
// Method: headless Chromium on the static export; expected texts from the model in Node.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glossaryEntry, readBy, sinceOf } from '../../src/model/cookie/glossary.js';
import { nbdSummary } from '../../src/explore/labels.js';
import { isRun, runExplore } from '../../src/explore/simulate.js';
import { defaultState } from '../../src/explore/state.js';
import { momentsOf, phaseTitle, stepsOf } from '../../src/explore/steps.js';
import { pairState } from '../../src/explore/tour-model.js';
import { handshakeMermaid } from '../../src/render/handshake.js';
import { reviewPairs } from '../../src/sim/review-cases.js';
import { chromiumAvailable, exportSite, launchChromium, openPage, shownOutcome } from './browser.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';

function simulated(state: Partial<typeof defaultState>) {
  const run = runExplore({ ...defaultState, ...state });
  if (!isRun(run)) throw new Error(run.problems.join('; '));
  return run;
}

describe.skipIf(!chromiumAvailable())('explorer: sentences, cookies, glossary, export', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => browser?.close());

  it("shows each phase's decisions as the model words them, and each cookie's label as its XML says", async () => {
    const { context, page } = await openPage(browser, url);
    for (const pair of reviewPairs) {
      for (const era of ['then', 'today'] as const) {
        const state = pairState(pair, era);
        const { result } = simulated(state);
        const steps = stepsOf(result);
        const moments = momentsOf(result);
        const hash = `src=${state.source}&dst=${state.target}`;
        for (const [i, step] of steps.entries()) {
          // The slider at the phase's last moment shows that phase (at the end, the details would show the deciding one).
          const last = moments.reduce((found, m, index) => (m.step === i ? index : found), -1);
          await page.goto(`${url}#${hash}&step=${i + 1}&at=${last}`);
          await expect.poll(() => page.getAttribute('#details h3[data-step]', 'data-step'), { timeout: 5000 }).toBe(String(i));
          const shown = await page.locator('#details ul.decisions > li').allInnerTexts();
          expect(shown, `case ${pair.seedCase} ${era}, phase ${i + 1}`).toEqual(step.decisions.map((d) => `${step.side === 'source' ? 'Source' : 'Destination'}: ${d.text}. libvirt rule: ${d.rule}`));
          if (!step.cookie || step.cancelled) continue;
          await page.click(`g.cookie[data-cookie="${step.phase}"]`);
          await page.waitForSelector(`#details [data-cookie-details="${step.phase}"]`);
          const xml = await page.locator('#details pre.xml').first().innerText();
          const label = await page.locator(`g.cookie[data-cookie="${step.phase}"]`).textContent();
          expect(xml.trimEnd()).toBe((step.cookie.mutated ?? step.cookie.xml).trimEnd());
          expect(label?.replace(/\s+/g, ' ')).toContain(nbdSummary(xml));
          expect(label).toContain(`${phaseTitle[step.phase]} cookie`);
        }
      }
    }
    await context.close();
  });

  it('opens the glossary entry of every element and attribute of a shown cookie', async () => {
    const { context, page } = await openPage(browser, `${url}#src=${today}&dst=${today}&open=begin`);
    await shownOutcome(page);
    const paths = [...new Set(await page.locator('#details pre.xml button.gl').evaluateAll((names) => names.map((n) => n.getAttribute('data-path') ?? '')))];
    expect(paths).toEqual(expect.arrayContaining(['qemu-migration', 'name', 'feature/@name', 'nbd', 'nbd/disk/@capacity', 'capabilities/cap/@auto', 'cpu/model']));
    for (const path of paths) {
      const entry = glossaryEntry(path);
      if (!entry) throw new Error(`no glossary entry for ${path}`);
      await page.click(`#details pre.xml button.gl[data-path="${path}"] >> nth=0`);
      const panel = page.locator(`#glossary[data-path="${entry.path}"]`);
      await panel.waitFor();
      const text = await panel.innerText();
      expect(text, path).toContain(entry.meaning);
      expect(text, path).toContain(`libvirt ${sinceOf(entry)}`);
      expect(text, path).toContain(readBy(entry).map((p) => phaseTitle[p]).join(', '));
      expect(text, path).toContain(entry.parsedBy);
      for (const verdict of [entry.missing, entry.duplicated, ...entry.malformed].flatMap((r) => (r ? [r.libvirt, r.strict] : []))) {
        expect(text, path).toContain(verdict.accepted ? verdict.reads : verdict.code);
      }
    }
    await context.close();
  });

  it('exports the run as the Mermaid text of migsim simulate --mermaid and as a standalone SVG', async () => {
    const { context, page } = await openPage(browser, `${url}#src=${today}&dst=${today}&step=2`);
    await expect.poll(() => page.locator('svg.diagram g.phase').count()).toBe(2);
    await page.click('#export summary');
    const { scenario, result } = simulated({ source: today, target: today });
    const [mermaid] = await Promise.all([page.waitForEvent('download'), page.click('#export-mmd')]);
    const mermaidText = await (await mermaid.createReadStream()).toArray();
    expect(Buffer.concat(mermaidText).toString('utf8')).toBe(handshakeMermaid(scenario, result));
    expect(mermaid.suggestedFilename()).toBe('migsim-run-seed1.mmd');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = Buffer.concat(await (await svg.createReadStream()).toArray()).toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.querySelector('parsererror') !== null, phases: doc.querySelectorAll('g.phase').length, styled: doc.querySelector('style')?.textContent?.includes('svg.diagram') ?? false };
    }, svgText);
    // The whole run, whatever the step shown, carrying its own stylesheet.
    expect(parsed).toEqual({ error: false, phases: result.phases.length, styled: true });
    await context.close();
  });
});
