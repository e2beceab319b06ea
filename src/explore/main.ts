// Entry point of the browser bundle (an IIFE inlined into index.html, so that it also runs from
// a file:// URL). The same script is the page and its simulation worker: started in a worker
// (no document there) it serves simulation jobs; in the page it keeps its own text to start
// that worker from a blob: URL. The performance mark is what the end-to-end test reads as "page
// load to first diagram": its time is measured from the start of navigation.
import { startApp } from './app.js';
import { SimClient } from './worker/client.js';
import { serveWorker, type WorkerScope } from './worker/serve.js';

if (typeof document === 'undefined') {
  serveWorker(globalThis as unknown as WorkerScope);
} else {
  const client = new SimClient(document.currentScript?.textContent ?? null);
  // The worker reads its script while the page builds its views.
  client.warm('run');
  const root = document.getElementById('app');
  if (root) {
    root.replaceChildren();
    startApp(root, client, () => performance.mark('migsim:first-diagram'));
  }
}
