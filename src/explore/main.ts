// Entry point of the browser bundle (an IIFE inlined into index.html, so that it also runs from
// a file:// URL). The performance mark is what the end-to-end test reads as "page load to first
// diagram": its time is measured from the start of navigation.
import { startApp } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  startApp(root, () => performance.mark('migsim:first-diagram'));
}
