// `migsim explore`: the interactive handshake explorer (src/explore), prebuilt by `npm run build`
// into one self-contained index.html (script and styles inline, no network at run time), served
// on 127.0.0.1 or written to a directory as a static site that also works from a file:// URL.
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineCommand, exits, option, toggle, type CommandSpec } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import { checkWritableDir } from '../paths.js';
import type { ExploreJson } from '../schemas/explore.js';
import { commandSummaries } from '../summaries.js';
import { count, text } from '../values.js';
import { explorerPagePath } from '../package-root.js';

const flags = {
  port: option('N', count(0, 65535), 'serve it on http://127.0.0.1:N/ (default 0: any free port; the URL is printed)'),
  out: option('DIR', text('a folder'), 'write it as a static site (DIR/index.html) and exit; open it from a file:// URL'),
  json: toggle('print where the page is as one JSON object ({url}, or {path, url} with --out)'),
};

export const exploreSpec: CommandSpec<typeof flags> = {
  name: 'explore',
  summary: commandSummaries.explore,
  positionals: null,
  description: `The interactive handshake explorer: pick two hosts and step through the phases, cookies and
decisions; edit cookies on the wire; the block stream; the matrix. The page runs migsim's own
simulator in the browser and needs no network.`,
  flags,
  exits: exits('the page was written, or the server stopped', null),
  schema: 'explore',
  check: (values) => (values.out !== undefined && values.port !== undefined ? '--port and --out cannot be used together; give one' : null),
};

/** The prebuilt page shipped in the package. */
export async function explorerPage(): Promise<string> {
  try {
    return await readFile(explorerPagePath, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the explorer page is not built (${why}); in a checkout, run: npm run build`, 'cannot-read');
  }
}

export interface ExploreServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the page on 127.0.0.1 only: it is a local tool, not a service. */
export async function startExploreServer(html: string, port: number): Promise<ExploreServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split(/[?#]/)[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : html);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the explorer is at /\n');
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

async function writeSite(dir: string, html: string, io: CliIo, json: boolean): Promise<number> {
  const out = resolve(dir);
  const page = join(out, 'index.html');
  try {
    await mkdir(out, { recursive: true });
    await writeFile(page, html, 'utf8');
  } catch (error) {
    throw new UsageError(`--out: cannot write ${out}: ${reason(error)}`, 'cannot-write');
  }
  const url = pathToFileURL(page).href;
  io.out(json ? JSON.stringify({ path: page, url } satisfies ExploreJson) + '\n' : `wrote ${page} (${Math.round(html.length / 1024)} KiB, self-contained)\nopen ${url}\n`);
  return exitCode.ok;
}

/** Resolves on Ctrl-C or a termination signal. */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const exploreCommand = defineCommand(exploreSpec, async (values, _positionals, io) => {
  const port = values.port ?? 0;
  if (values.out !== undefined) await checkWritableDir(values.out, 'out');
  const html = await explorerPage();
  if (values.out !== undefined) return writeSite(values.out, html, io, values.json);
  let server: ExploreServer;
  try {
    server = await startExploreServer(html, port);
  } catch (error) {
    throw new UsageError(`--port: cannot listen on 127.0.0.1:${port}: ${reason(error)}`, 'cannot-write');
  }
  io.out(values.json ? JSON.stringify({ url: server.url } satisfies ExploreJson) + '\n' : `migsim explore: serving the explorer on ${server.url} (Ctrl-C to stop)\n`);
  await untilStopped();
  await server.close();
  if (!values.json) io.out('migsim explore: stopped\n');
  return exitCode.ok;
});
