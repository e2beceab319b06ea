// The matrix as a table: every source profile (rows) against every destination profile
// (columns) for the chosen storage and migration mode, under the chosen policy, with the cells
// that differ from the libvirt policy marked and the cells with a broken invariant marked ⚠
// (computed in the worker). A cell is a button that loads its run; arrow keys
// move between cells (one tab stop for the whole grid).
import { parsePolicySpec } from '../../model/policy.js';
import type { SideProfile } from '../../model/versions/profile.js';
import type { MatrixRow } from '../../sim/matrix.js';
import type { App, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { cellKey, type MatrixRequest, type MatrixTable } from '../matrix-model.js';
import { Cancelled } from '../worker/client.js';
import type { ExploreState } from '../state.js';

function cellText(row: MatrixRow): string {
  const findings = row.findings.length > 0 ? ' ⚠' : '';
  if (row.result === 'failed') return `✗ ${row.phase?.slice(0, 4) ?? ''}${findings}`;
  return `${{ nbd: 'nbd', legacy: 'blk', none: 'none' }[row.storage]}${findings}`;
}

function cellWords(row: MatrixRow): string {
  const how = row.result === 'failed' ? `failed in ${row.phase ?? '?'}: ${row.errorCode ?? '?'}` : `completed, storage ${row.storage}`;
  return `${how}${row.findings.length > 0 ? `, finding ${row.findings.join(', ')}` : ''}`;
}

function headerLabel(profile: SideProfile): HTMLElement {
  const [libvirt = '', qemu = ''] = profile.name.replace('libvirt=', '').split(',qemu=');
  return h('span', { title: profile.name }, h('span', { class: 'lv' }, libvirt), h('br', {}), h('span', { class: 'qv' }, `q ${qemu}`));
}

function tableOf(table: MatrixTable, state: ExploreState): HTMLTableElement {
  const head = h('tr', {}, h('th', { scope: 'col', class: 'corner' }, 'source ↓ destination →'),
    ...table.profiles.map((p) => h('th', { scope: 'col' }, headerLabel(p))));
  const rows = table.profiles.map((source) => h('tr', {}, h('th', { scope: 'row' }, headerLabel(source)),
    ...table.profiles.map((target) => {
      const key = cellKey(source.name, target.name);
      const row = table.cells.get(key);
      if (!row) return h('td', {});
      const was = table.changed.get(key);
      const current = state.source === source.name && state.target === target.name;
      const label = `${source.name} to ${target.name}: ${cellWords(row)}${was ? `; changed by this policy, under libvirt: ${cellWords(was)}${row.findings.length === 0 && was.findings.length > 0 ? ' (this policy removes the finding)' : ''}` : ''}`;
      return h('td', { class: `${row.result === 'failed' ? 'failed' : row.storage}${was ? ' changed' : ''}` },
        // The cell's words follow its short text inside the button, so that its name starts with what it shows.
        h('button', { type: 'button', tabindex: -1, 'data-source': source.name, 'data-target': target.name, title: label,
          ...(current ? { 'aria-current': 'true' } : {}) }, `${was ? 'Δ ' : ''}${cellText(row)}`, h('span', { class: 'visually-hidden' }, `: ${label}`)));
    })));
  return h('table', { class: 'matrix', 'data-grid': '' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

/** Arrow keys, Home and End move the single tab stop around the grid. */
function moveInGrid(event: KeyboardEvent, grid: HTMLElement): void {
  const cell = event.target instanceof HTMLButtonElement ? event.target : null;
  const rows = [...grid.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('button')]);
  const r = rows.findIndex((row) => cell !== null && row.includes(cell));
  if (r < 0 || !cell) return;
  const c = rows[r]?.indexOf(cell) ?? 0;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], Home: [r, 0], End: [r, (rows[r]?.length ?? 1) - 1],
  };
  const to = moves[event.key];
  const next = to ? rows[to[0]]?.[to[1]] : undefined;
  if (!to) return;
  event.preventDefault();
  if (!next) return;
  cell.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

function summaryOf(table: MatrixTable): string {
  const rows = [...table.cells.values()];
  const count = (test: (r: MatrixRow) => boolean): number => rows.filter(test).length;
  return `${rows.length} runs: ${count((r) => r.result === 'completed' && r.storage === 'nbd')} nbd, ${count((r) => r.result === 'completed' && r.storage === 'legacy')} legacy, `
    + `${count((r) => r.result === 'completed' && r.storage === 'none')} without storage copy, ${count((r) => r.result === 'failed')} failed; `
    + `${table.changed.size} cells differ from the libvirt policy (marked Δ).`;
}

export function mountMatrix(app: App): View {
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Matrix runs done' });
  const caption = h('p', {});
  const summary = h('p', { class: 'matrix-summary' });
  const scroller = h('div', { class: 'matrix-scroll' });
  const details = h('details', { id: 'matrix' }, h('summary', {}, 'The matrix: every pair of profiles, one click per run'),
    h('p', {}, 'Rows are sources, columns destinations (libvirt above, QEMU below). nbd = NBD mirror, blk = legacy block migration, none = no storage copied, ✗ = failed (in the phase named), ⚠ = an invariant broken (a finding; the cell\'s label names it). Change the policy above to see which cells it changes: Δ marks them, and the label says what the libvirt policy gave.'),
    caption, progress, summary, scroller);
  const element = h('section', { 'aria-labelledby': 'matrix-title', class: 'matrix-section' }, h('h2', { id: 'matrix-title' }, 'The matrix'), details);
  let requestKey = '';
  let drawnKey = '';
  let table: MatrixTable | null = null;
  let generation = 0;
  scroller.addEventListener('keydown', (event) => moveInGrid(event, scroller));
  scroller.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-source]') : null;
    if (!button || !table) return;
    app.set({ source: button.getAttribute('data-source') ?? '', target: button.getAttribute('data-target') ?? '', storage: app.state().storage, step: null, open: null, edits: [] });
    app.showRun();
  });
  const draw = (state: ExploreState): void => {
    const key = `${requestKey}|${state.source}|${state.target}`;
    if (!table || key === drawnKey) return;
    drawnKey = key;
    const grid = tableOf(table, state);
    const stop = grid.querySelector<HTMLButtonElement>('button[aria-current]') ?? grid.querySelector<HTMLButtonElement>('button');
    if (stop) stop.tabIndex = 0;
    fill(scroller, grid);
    fill(summary, summaryOf(table));
  };
  const start = (request: MatrixRequest, state: ExploreState): void => {
    const mine = ++generation;
    table = null;
    progress.hidden = false;
    fill(summary, 'Running the matrix…');
    app.sim.cancel('matrix');
    // In the worker: about 500 runs, twice when a policy is compared, without holding the page.
    app.sim.submit('matrix', { kind: 'matrix', request }, (f) => { progress.value = f; }).then((done) => {
      if (!done || mine !== generation) return;
      table = done;
      progress.hidden = true;
      draw(app.state() ?? state);
      app.announce(`Matrix: ${summaryOf(done)}`);
    }, (error: unknown) => {
      if (!(error instanceof Cancelled) && mine === generation) fill(summary, String(error));
    });
  };
  const update = (state: ExploreState): void => {
    const policy = parsePolicySpec(state.policy);
    if (!policy.ok) return;
    const request: MatrixRequest = { storage: state.storage, mode: state.mode, policy: policy.policy, seed: state.seed };
    fill(caption, 'Storage ', code(state.storage), ', mode ', code(state.mode), ', policy ', code(state.policy), ', seed ', code(String(state.seed)), '.');
    const key = JSON.stringify([state.storage, state.mode, state.policy, state.seed]);
    if (details.open && key !== requestKey) {
      requestKey = key;
      start(request, state);
    }
    if (details.open) draw(state);
  };
  details.addEventListener('toggle', () => update(app.state()));
  return { element, update };
}
