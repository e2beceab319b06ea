// Entry point of the browser bundle (an IIFE inlined into index.html, so that it also runs from
// a file:// URL). The same script is the page and its simulation worker: started in a worker
// (no document there) it serves simulation jobs; in the page it keeps its own text to start
// that worker from a blob: URL. The performance mark is what the end-to-end test reads as "page
// load to first diagram": its time is measured from the start of navigation.
import { startApp } from './app.js';
import { pageFunction } from './page.js';
import { SimClient } from './worker/client.js';
import { serveWorker, type WorkerScope } from './worker/serve.js';

/** The script that is this page, to start again as its worker; null where the page was not built as one function (tests of parts). */
function pageSource(): (() => string) | null {
  const page: unknown = (globalThis as Record<string, unknown>)[pageFunction];
  return typeof page === 'function' ? () => `(${Function.prototype.toString.call(page)})();` : null;
}

if (typeof document === 'undefined') {
  serveWorker(globalThis as unknown as WorkerScope);
} else {
  const client = new SimClient(pageSource());
  const root = document.getElementById('app');
  if (root) {
    root.replaceChildren();
    startApp(root, client, () => performance.mark('migsim:first-diagram'));
  }
}
