// A cookie's XML as the page shows it: one line per row, the lines of every <nbd> element marked
// (the same lines `migsim explain` marks with >>), and every element and attribute name a button
// that opens its glossary entry. The block is one tab stop that scrolls with the arrow keys; its
// names are one more tab stop, moved between with the arrow keys (a roving tab index), so that
// the keys never step the run from inside it.
import { glossaryEntry } from '../../model/cookie/glossary.js';
import { markNbd } from '../../render/explain.js';
import { h } from '../dom.js';

/** `<name attr='v' ...>` or `</name>` or `<name/>`, in one line of a cookie. */
const tagPattern = /<(\/?)([A-Za-z_][\w.:-]*)([^<>]*?)(\/?)>/g;
const attributePattern = /([A-Za-z_][\w.:-]*)(\s*=\s*)('[^']*'|"[^"]*")/g;

function nameButton(label: string, path: string): HTMLElement {
  const entry = glossaryEntry(path);
  if (!entry) return h('span', { class: 'xml-unknown', title: 'not part of libvirt\'s cookie grammar' }, label);
  return h('button', { type: 'button', class: 'gl', 'data-path': path, tabindex: -1, 'aria-label': `${label}: what it means (${path})` }, label);
}

function attributes(text: string, path: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(attributePattern)) {
    const at = match.index ?? 0;
    out.push(text.slice(last, at), nameButton(match[1] ?? '', `${path}/@${match[1] ?? ''}`), `${match[2] ?? ''}${match[3] ?? ''}`);
    last = at + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** The row's nodes; `stack` holds the open elements (root first) and is updated as tags open and close. */
function lineNodes(line: string, stack: string[]): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const match of line.matchAll(tagPattern)) {
    const [whole, closing, name = '', rest = '', selfClosing] = match;
    const at = match.index ?? 0;
    out.push(line.slice(last, at));
    last = at + whole.length;
    if (closing) {
      stack.pop();
      out.push(whole);
      continue;
    }
    const path = stack.length === 0 ? name : [...stack.slice(1), name].join('/');
    out.push('<', nameButton(name, path), ...attributes(rest, path), selfClosing ? '/>' : '>');
    if (!selfClosing) stack.push(name);
  }
  out.push(line.slice(last));
  return out;
}

export function xmlView(xml: string, label: string): HTMLPreElement {
  const stack: string[] = [];
  const rows = markNbd(xml).split('\n').map((marked) => {
    const nodes = [...lineNodes(marked.slice(5), stack), '\n'];
    return marked.startsWith('  >> ') ? [h('mark', {}, ...nodes.slice(0, -1)), '\n'] : nodes;
  });
  const pre = h('pre', { class: 'xml', tabindex: 0, 'aria-label': `${label}. Arrow keys scroll; Tab reaches its element and attribute names, which explain themselves.` });
  pre.append(...rows.flat());
  const names = [...pre.querySelectorAll<HTMLButtonElement>('button.gl')];
  const first = names[0];
  if (first) first.tabIndex = 0;
  pre.addEventListener('keydown', (event) => {
    const from = event.target instanceof HTMLButtonElement ? names.indexOf(event.target) : -1;
    if (from < 0) return;
    const to = { ArrowDown: from + 1, ArrowRight: from + 1, ArrowUp: from - 1, ArrowLeft: from - 1, Home: 0, End: names.length - 1 }[event.key];
    const next = to === undefined ? undefined : names[Math.max(0, Math.min(names.length - 1, to))];
    if (!next) return;
    event.preventDefault();
    for (const name of names) name.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  return pre;
}
