// One entry of the cookie glossary (src/model/cookie/glossary.ts), as the Illustrated TLS
// Connection explains each byte: what the part means, who writes it and who reads it, since
// which libvirt, which function parses it, and what a missing, duplicated or malformed one does
// under libvirt and under strict, with the error's code and message from the error catalogue.
import { cookieErrorCatalog } from '../../model/cookie/errors.js';
import { glossaryEntry, readBy, sinceOf, type GlossaryEntry, type Reactions, type Verdict } from '../../model/cookie/glossary.js';
import { code, h } from '../dom.js';
import { phaseTitle } from '../steps.js';

function verdictCell(verdict: Verdict): HTMLTableCellElement {
  if (verdict.accepted) return h('td', { class: 'accepted' }, `accepted: ${verdict.reads}`);
  // The catalogue's message is a template; its blanks are what the cookie would fill in.
  const message = (cookieErrorCatalog.find((e) => e.code === verdict.code)?.message ?? '').replace(/%s/g, '…');
  return h('td', { class: 'refused' }, 'refused ', code(verdict.code), message ? ` (${message})` : '');
}

function row(label: string, reactions: Reactions): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'row' }, label), verdictCell(reactions.libvirt), verdictCell(reactions.strict));
}

/** `nbd/disk/@capacity` → `<disk capacity>` in `<nbd>`. */
function title(entry: GlossaryEntry): string {
  const parts = entry.path.split('/');
  const last = parts[parts.length - 1] ?? '';
  const element = last.startsWith('@') ? parts[parts.length - 2] ?? '' : last;
  const shown = last.startsWith('@') ? `<${element} ${last.slice(1)}='…'>` : `<${element}>`;
  const within = parts.slice(0, last.startsWith('@') ? -2 : -1);
  return within.length > 0 ? `${shown} in <${within.join('/')}>` : shown;
}

export function glossaryPanel(path: string): HTMLElement {
  const entry = glossaryEntry(path);
  if (!entry) return h('div', { class: 'glossary', id: 'glossary' }, h('p', {}, `${path}: not part of libvirt's cookie grammar.`));
  const phases = (list: readonly string[]): string => list.map((p) => phaseTitle[p as keyof typeof phaseTitle] ?? p).join(', ') || 'no phase';
  const rows = [
    ...(entry.missing ? [row('Missing', entry.missing)] : []),
    ...(entry.duplicated ? [row(entry.path.includes('@') ? 'Written twice' : 'Duplicated', entry.duplicated)] : []),
    ...entry.malformed.map((m) => row(`${m.what} (${JSON.stringify(m.example)})`, m)),
  ];
  return h('div', { class: 'glossary', id: 'glossary', 'data-path': entry.path, tabindex: -1, 'aria-labelledby': 'glossary-title' },
    h('h4', { id: 'glossary-title' }, `Glossary: ${title(entry)}`),
    h('p', {}, entry.meaning),
    h('dl', { class: 'glossary-facts' },
      h('dt', {}, 'Written by'), h('dd', {}, phases(entry.writtenBy)),
      h('dt', {}, 'Read by'), h('dd', {}, phases(readBy(entry))),
      h('dt', {}, 'Since'), h('dd', {}, `libvirt ${sinceOf(entry)}${entry.until ? `, until ${entry.until}` : ''}`),
      h('dt', {}, 'Parsed by'), h('dd', {}, code(entry.parsedBy))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'glossary-cases' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'If it is'), h('th', { scope: 'col' }, 'libvirt'), h('th', { scope: 'col' }, 'strict'))),
      h('tbody', {}, ...rows))));
}
