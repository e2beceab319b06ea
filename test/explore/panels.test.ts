// Goal: the block-stream panel reports the READY time of `migsim stream --json` for the same
// settings; the matrix marks exactly the cells a designer policy changes, and a cell loads its
// run; `migsim explore --port` serves the same page on 127.0.0.1. Method: headless Chromium on
// the static export (and on the served page), the CLI and the matrix code run in Node.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMatrix } from '../../src/explore/matrix-model.js';
import { parsePolicySpec } from '../../src/model/policy.js';
import { runCli } from '../support/cli.js';
import { projectRoot } from '../support/corpus.js';
import { chromiumAvailable, exportSite, launchChromium, openPage, shownOutcome } from './browser.js';

describe.skipIf(!chromiumAvailable())('explorer: block stream, matrix, server', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    [browser, url] = await Promise.all([launchChromium(), exportSite()]);
  });
  afterAll(async () => browser?.close());

  it('the stream panel gives the READY time of migsim stream --json', async () => {
    const { context, page } = await openPage(browser, url);
    await page.click('[data-case="5-today"]');
    const settings = { disk: '2GiB', bandwidth: '1Gbit/s', rtt: '5ms', dirty: '20MiB/s' };
    for (const [field, value] of Object.entries(settings)) await page.fill(`#stream-${field}`, value);
    await page.selectOption('#stream-copy', 'write-blocking');
    await page.click('#stream-run');
    const ready = await page.locator('#stream-result[data-ready-seconds]').getAttribute('data-ready-seconds', { timeout: 30_000 });
    const cli = await runCli(['stream', '--disk-size', settings.disk, '--bandwidth', settings.bandwidth, '--rtt', settings.rtt,
      '--dirty-rate', settings.dirty, '--copy-mode', 'write-blocking', '--json']);
    const expected = JSON.parse(cli.stdout) as { readySeconds: number | null };
    expect(ready).toBe(expected.readySeconds === null ? 'never' : String(expected.readySeconds));
    expect(await page.locator('#stream-result').innerText()).toContain('npx migsim stream --disk-size 2GiB --bandwidth 1Gbit/s --rtt 5ms --dirty-rate 20MiB/s --copy-mode write-blocking');
    expect(page.url()).toContain('disk=2GiB&bw=1Gbit/s&rtt=5ms&dirty=20MiB/s&copy=write-blocking');
    await page.fill('#stream-rtt', '5');
    await page.click('#stream-run');
    expect(await page.locator('#stream-rtt').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('the matrix marks the cells nbd-gate=feature-bit changes, and a cell loads its run', async () => {
    const { context, page } = await openPage(browser, url);
    await page.click('#matrix summary');
    await page.waitForSelector('table.matrix', { timeout: 30_000 });
    expect(await page.locator('table.matrix td.changed').count()).toBe(0);
    await page.click('#policy-preset');
    await page.locator('details.switches summary').click();
    await page.selectOption('#policy-nbd-gate', 'feature-bit');
    await expect.poll(() => page.locator('.matrix-summary').innerText(), { timeout: 30_000 }).toMatch(/cells differ/);
    const policy = parsePolicySpec('libvirt,nbd-gate=feature-bit');
    if (!policy.ok) throw new Error(policy.message);
    const expected = await computeMatrix({ storage: 'all', mode: 'regular', policy: policy.policy, seed: 1 }, () => undefined, () => false);
    const changed = page.locator('table.matrix td.changed button');
    expect(await changed.count()).toBe(expected?.changed.size);
    expect(expected?.changed.size).toBeGreaterThan(0);
    // A changed cell says what the libvirt policy gave; a cell with a broken invariant shows it.
    for (const text of await changed.allTextContents()) expect(text).toContain('changed by this policy, under libvirt: ');
    const withFindings = [...(expected?.cells.values() ?? [])].filter((row) => row.findings.length > 0);
    expect(withFindings.length).toBeGreaterThan(0);
    for (const row of withFindings.slice(0, 5)) {
      const cell = page.locator(`table.matrix button[data-source="${row.source}"][data-target="${row.target}"]`);
      expect(await cell.textContent()).toMatch(new RegExp(`⚠: .*finding ${row.findings.join(', ')}`));
    }
    const cell = changed.first();
    const [source, target] = [await cell.getAttribute('data-source'), await cell.getAttribute('data-target')];
    await cell.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-target'))).not.toBe(target);
    await cell.click();
    const shown = await shownOutcome(page);
    const cli = await runCli(['simulate', '--json', '--source', source ?? '', '--target', target ?? '', '--copy-storage', 'all', '--policy', 'libvirt,nbd-gate=feature-bit']);
    const json = JSON.parse(cli.stdout) as { result: string; error: { code: string } | null };
    expect({ result: shown.result, code: shown.code }).toEqual({ result: json.result, code: json.error?.code ?? null });
    await context.close();
  });

  it('migsim explore --port serves the page on 127.0.0.1', async () => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/migsim.js'), 'explore', '--port', '0'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`migsim explore exited with ${code}`)));
      });
      const served = /http:\/\/127\.0\.0\.1:\d+\//.exec(first)?.[0];
      expect(served).toBeDefined();
      expect((await fetch(`${served}nothing-here`)).status).toBe(404);
      const { context, page, errors, offsite } = await openPage(browser, `${served}#src=libvirt=1.0.3,qemu=1.3.0&dst=libvirt=1.0.2,qemu=1.3.0`, { server: served });
      expect((await shownOutcome(page)).storage).toBe('legacy');
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
      await context.close();
    } finally {
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
