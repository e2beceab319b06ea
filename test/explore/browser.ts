// Headless Chromium for the explorer's end-to-end tests: Debian's chromium driven by
// playwright-core (which downloads nothing). Locally a missing /usr/bin/chromium skips the
// tests with the reason printed; under CI=true (.ci/run installs it) it is a failure, so that
// CI can never pass by skipping. Pages are opened from the static export's file:// URL with
// every other request aborted and recorded, so a test also proves the page needs no network.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { projectRoot } from '../support/corpus.js';

export const chromiumPath = '/usr/bin/chromium';

/** True when Chromium is there; false (with the reason printed) locally; throws under CI=true. */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const reason = `${chromiumPath} is not installed (Debian package chromium)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and a required program is missing: ${reason}`);
  console.warn(`skipping the explorer's browser tests: ${reason}`);
  return false;
}

export const artifactsDir = join(projectRoot, 'artifacts/explore');

export async function launchChromium(): Promise<Browser> {
  await mkdir(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** `migsim explore --out DIR`, run in-process; returns the file:// URL of the page. */
export async function exportSite(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'migsim-explore-'));
  const run = await runCli(['explore', '--out', dir]);
  if (run.code !== 0) throw new Error(`migsim explore --out failed (${run.code}): ${run.stderr}`);
  return pathToFileURL(join(dir, 'index.html')).href;
}

export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request for something other than a file: or data: URL (all aborted). */
  readonly offsite: string[];
  /** Uncaught exceptions and console errors. */
  readonly errors: string[];
}

export interface PageOptions {
  readonly width?: number;
  /** The one origin allowed besides file: and data: (the page served by `migsim explore`). */
  readonly server?: string;
}

export async function openPage(browser: Browser, url: string, options: PageOptions = {}): Promise<OpenPage> {
  const allowed = (target: string): boolean => /^(file|data):/.test(target) || (options.server !== undefined && target.startsWith(options.server));
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, offline: options.server === undefined });
  const offsite: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (allowed(target)) return route.continue();
    offsite.push(target);
    return route.abort();
  });
  context.on('request', (request) => {
    if (!allowed(request.url()) && !offsite.includes(request.url())) offsite.push(request.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('svg.diagram');
  return { context, page, offsite, errors };
}

export interface ShownOutcome {
  readonly result: string | null;
  readonly storage: string | null;
  readonly code: string | null;
  readonly phase: string | null;
  readonly text: string;
}

export async function shownOutcome(page: Page): Promise<ShownOutcome> {
  const outcome = page.locator('#outcome[data-result]');
  await outcome.waitFor();
  return {
    result: await outcome.getAttribute('data-result'), storage: await outcome.getAttribute('data-storage'),
    code: await outcome.getAttribute('data-error-code'), phase: await outcome.getAttribute('data-error-phase'),
    text: await outcome.innerText(),
  };
}

/** Milliseconds from the start of navigation to the first diagram in the DOM (the page's own mark). */
export async function firstDiagramMs(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('migsim:first-diagram')[0]?.startTime ?? Number.NaN);
}
