// Goal: each of the five review cases, 2013 and today, is one click in the explorer and the
// outcome the page states is the one `migsim simulate --json` gives for the same sides; a
// screenshot of each is kept. Also measures page load to first diagram (printed, not asserted).
// Method: the static export in headless Chromium from file:// with the network blocked; the
// CLI run in-process for the expected JSON.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewPairs } from '../../src/sim/review-cases.js';
import { runCli } from '../support/cli.js';
import { artifactsDir, chromiumAvailable, exportSite, firstDiagramMs, launchChromium, openPage, shownOutcome } from './browser.js';

interface SimulateJson {
  readonly result: string;
  readonly storage: string;
  readonly error: { readonly code: string; readonly message: string; readonly phase: string } | null;
  readonly phases: readonly unknown[];
}

const runs = reviewPairs.flatMap((pair) => (['then', 'today'] as const).map((era) => ({ pair, era, sides: pair[era] })));

describe.skipIf(!chromiumAvailable())('explorer: the five review cases', () => {
  let browser: Browser;
  let url: string;
  const loadMs: number[] = [];

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });

  afterAll(async () => {
    await browser?.close();
    const sorted = [...loadMs].sort((a, b) => a - b);
    if (sorted.length > 0) {
      console.log(`explore: page load to first diagram ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms `
        + `(median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms over ${sorted.length} loads of the file:// export)`);
    }
  });

  it.each(runs.map((r) => [`${r.pair.seedCase} ${r.era}`, r] as const))('case %s shows the outcome of migsim simulate --json', async (_name, { pair, era, sides }) => {
    const { context, page, offsite, errors } = await openPage(browser, url);
    loadMs.push(await firstDiagramMs(page));
    await page.click(`[data-case="${pair.seedCase}-${era}"]`);
    const shown = await shownOutcome(page);
    const cli = await runCli(['simulate', '--json', '--source', sides[0], '--target', sides[1], '--copy-storage', 'all']);
    const expected = JSON.parse(cli.stdout) as SimulateJson;
    expect({ result: shown.result, storage: shown.storage, code: shown.code, phase: shown.phase }).toEqual({
      result: expected.result, storage: expected.storage, code: expected.error?.code ?? null, phase: expected.error?.phase ?? null,
    });
    if (expected.error) expect(shown.text).toContain(expected.error.message);
    // One phase note per phase of the run, and the sides the case names.
    expect(await page.locator('svg.diagram g.phase').count()).toBe(expected.phases.length);
    expect(await page.locator('#source-libvirt').inputValue()).toBe(/libvirt=([^,]+)/.exec(sides[0])?.[1]);
    await page.locator('.run').screenshot({ path: join(artifactsDir, `case-${pair.seedCase}-${era === 'then' ? '2013' : 'today'}.png`) });
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    await context.close();
  });
});
