// Bundles the handshake explorer (src/explore) with esbuild into one self-contained page,
// dist/explore/index.html (script and styles inline, no network at run time), so that the
// installed package serves it without esbuild or TypeScript. The one script is also the page's
// simulation worker (page.ts, worker/client.ts). Run by `npm run build`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { explorerHtml } from '../src/explore/page.js';
import { explorerCss } from '../src/explore/styles.js';

const entryPoint = fileURLToPath(new URL('../src/explore/main.ts', import.meta.url));
const outFile = fileURLToPath(new URL('../dist/explore/index.html', import.meta.url));

/** The whole explorer as one HTML document. */
export async function buildExplorerHtml(): Promise<string> {
  // An IIFE rather than an ES module: browsers refuse module scripts from file:// pages.
  const result = await build({
    entryPoints: [entryPoint], bundle: true, format: 'iife', platform: 'browser', target: 'es2022',
    minify: true, legalComments: 'none', write: false, logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no output for the explorer');
  return explorerHtml(js, explorerCss);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const html = await buildExplorerHtml();
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, html, 'utf8');
  process.stdout.write(`explorer: ${outFile} (${Math.round(html.length / 1024)} KiB)\n`);
}
