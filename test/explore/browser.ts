// Headless Chromium for the explorer's end-to-end tests: Debian's chromium driven by
// playwright-core (which downloads nothing). Locally a missing /usr/bin/chromium skips the
// tests with the reason printed; under CI=true (.ci/run installs it) it is a failure, so that
// CI can never pass by skipping. Pages are opened from the static export's file:// URL with
// every other request aborted and recorded, so a test also proves the page needs no network
// (the page's worker is its own script from a blob: URL, which fetches nothing). Motion is
// reduced, so that a scroll the page makes is done when the next DOM state is.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildExplorerHtml } from '../../scripts/build-explorer.js';
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

/**
 * `migsim explore --out DIR`, run in-process; returns the file:// URL of the page. The page it
 * writes is the prebuilt one: a test of a page older than src/explore would pass for nothing, so
 * that is refused with the command that fixes it.
 */
export async function exportSite(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'migsim-explore-'));
  const run = await runCli(['explore', '--out', dir]);
  if (run.code !== 0) throw new Error(`migsim explore --out failed (${run.code}): ${run.stderr}`);
  const page = join(dir, 'index.html');
  if (await readFile(page, 'utf8') !== await buildExplorerHtml()) {
    throw new Error('dist/explore/index.html is older than src/explore: run npm run build (or npx tsx scripts/build-explorer.ts)');
  }
  return pathToFileURL(page).href;
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
  /** Default 800: the 1280×800 screen of the issue. */
  readonly height?: number;
  /** The one origin allowed besides file: and data: (the page served by `migsim explore`). */
  readonly server?: string;
}

export async function openPage(browser: Browser, url: string, options: PageOptions = {}): Promise<OpenPage> {
  const allowed = (target: string): boolean => /^(file|data|blob):/.test(target) || (options.server !== undefined && target.startsWith(options.server));
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, offline: options.server === undefined, reducedMotion: 'reduce', acceptDownloads: true,
  });
  // Main-thread tasks over 50 ms, as the browser reports them (read by longTasks()).
  await context.addInitScript(() => {
    const seen: [number, number][] = [];
    Object.defineProperty(window, '__longTasks', { value: seen });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
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
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (message.type() === 'error') errors.push(`worker: ${message.text()}`);
  }));
  await page.goto(url);
  await page.waitForSelector('svg.diagram');
  return { context, page, offsite, errors };
}

/** Main-thread tasks the page ran so far, [start ms, duration ms], those over `minMs`. */
export async function longTasks(page: Page, minMs = 100): Promise<[number, number][]> {
  const all = await page.evaluate(() => (window as unknown as { __longTasks?: [number, number][] }).__longTasks ?? []);
  return all.filter(([, duration]) => duration > minMs);
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly targets: readonly string[];
}

/** axe-core run on the page as it is now (its script injected for the test only): serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const source = await axeSource;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether a box lies inside the viewport. */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
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
