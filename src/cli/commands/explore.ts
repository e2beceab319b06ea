// `migsim explore`: the interactive handshake explorer (src/explore), prebuilt by `npm run build`
// into one self-contained index.html (script and styles inline, no network at run time), served
// on 127.0.0.1 or written to a directory as a static site that also works from a file:// URL.
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { integerOption, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';
import { explorerPagePath } from '../package-root.js';

export const exploreUsage = `usage: migsim explore [--port N | --out DIR]

The interactive handshake explorer: pick two hosts and step through the phases, cookies and
decisions; edit cookies on the wire; the block stream; the matrix. The page runs migsim's own
simulator in the browser and needs no network.

  --port N     serve it on http://127.0.0.1:N/ (default 0: any free port; the URL is printed)
  --out DIR    write it as a static site (DIR/index.html) and exit; open it from a file:// URL
`;

/** The prebuilt page shipped in the package. */
export async function explorerPage(): Promise<string> {
  try {
    return await readFile(explorerPagePath, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the explorer page is not built (${why}); in a checkout, run: npm run build`);
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

async function writeSite(dir: string, html: string, io: CliIo): Promise<number> {
  const out = resolve(dir);
  try {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'index.html'), html, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
  }
  io.out(`wrote ${join(out, 'index.html')} (${Math.round(html.length / 1024)} KiB, self-contained)\nopen ${pathToFileURL(join(out, 'index.html')).href}\n`);
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

export async function exploreCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } }, 0);
  if (values.help) {
    io.out(exploreUsage);
    return exitCode.ok;
  }
  if (values.out !== undefined && values.port !== undefined) throw new UsageError('give either --port or --out, not both');
  const port = integerOption(values.port, '--port', 0);
  if (port < 0 || port > 65535) throw new UsageError(`--port must be from 0 to 65535 (got ${port})`);
  const html = await explorerPage();
  if (values.out !== undefined) return writeSite(values.out, html, io);
  let server: ExploreServer;
  try {
    server = await startExploreServer(html, port);
  } catch (error) {
    throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  io.out(`migsim explore: serving the explorer on ${server.url} (Ctrl-C to stop)\n`);
  await untilStopped();
  await server.close();
  io.out('migsim explore: stopped\n');
  return exitCode.ok;
}
