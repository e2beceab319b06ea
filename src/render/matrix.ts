// Renderings of the fallback matrix: a compact grid per storage mode for the terminal, and full
// row lists as Markdown, CSV or JSON.
import type { CopyStorage } from '../model/migration/types.js';
import { reviewCaseNames, type MatrixChange, type MatrixRow, type ReviewCase } from '../sim/matrix.js';
import type { ErrorJson } from './handshake.js';

export interface MatrixView {
  readonly rows: readonly MatrixRow[];
  /** Set when a policy or a peer plug-in other than the baseline ran: the cells it changed. */
  readonly changes: readonly MatrixChange[] | null;
  readonly policy: string;
  /** The peer plug-in that ran in place of libvirt's peers, if any. */
  readonly peer?: string | null;
  /** What the changes are measured against, in words ('libvirt policy', "libvirt's peers"). */
  readonly baseline?: string;
}

const baselineOf = (view: MatrixView): string => view.baseline ?? 'libvirt policy';
const changerOf = (view: MatrixView): string => (view.peer ? 'the peer plug-in' : 'the policy');

const columns = ['source', 'target', 'copyStorage', 'seedCase', 'result', 'storage', 'errorCode', 'phase', 'findings'] as const;

function changeFor(view: MatrixView, row: MatrixRow): MatrixChange | undefined {
  return view.changes?.find((c) => c.row === row);
}

/** A cell's whole outcome in words, findings included: what the 'was' column shows of libvirt's cell. */
export function outcomeText(row: MatrixRow): string {
  const outcome = row.result === 'completed' ? row.storage : `failed ${row.errorCode ?? ''} (${row.phase ?? ''})`;
  return row.findings.length > 0 ? `${outcome}, findings: ${row.findings.join(' ')}` : outcome;
}

function baselineText(change: MatrixChange | undefined): string {
  return change ? outcomeText(change.baseline) : '';
}

function cells(row: MatrixRow): string[] {
  return [row.source, row.target, row.copyStorage, row.seedCase === null ? '' : String(row.seedCase), row.result, row.storage,
    row.errorCode ?? '', row.phase ?? '', row.findings.join(' ')];
}

/** One cell's outcome, in the JSON family's terms (one error object, sides named source and destination). */
export interface MatrixCellJson {
  readonly result: 'completed' | 'failed';
  readonly storage: 'nbd' | 'legacy' | 'none';
  readonly error: ErrorJson | null;
  readonly findings: readonly string[];
}

export interface MatrixRowJson extends MatrixCellJson {
  readonly source: string;
  readonly destination: string;
  readonly copyStorage: CopyStorage;
  readonly protocol: 'v2' | 'v3';
  readonly seedCase: ReviewCase | null;
  /** With a policy or peer other than libvirt's: whether this cell differs, and libvirt's cell. */
  readonly changed: boolean | null;
  readonly baseline: MatrixCellJson | null;
}

/** `migsim matrix --json` (docs/schemas/matrix.schema.json). */
export interface MatrixJson {
  readonly policy: string;
  /** The peer plug-in's name when one ran in place of libvirt's peers. */
  readonly peer: string | null;
  readonly runs: number;
  /** Cells the policy or peer changes against libvirt's behaviour; null when nothing was compared. */
  readonly changedCells: number | null;
  readonly rows: readonly MatrixRowJson[];
}

function cellJson(row: MatrixRow): MatrixCellJson {
  const error = row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '', ...(row.phase ? { phase: row.phase } : {}) };
  return { result: row.result, storage: row.storage, error, findings: row.findings };
}

export function matrixJson(view: MatrixView): MatrixJson {
  const rows = view.rows.map((row): MatrixRowJson => {
    const change = changeFor(view, row);
    return {
      source: row.source, destination: row.target, copyStorage: row.copyStorage, protocol: row.protocol, seedCase: row.seedCase, ...cellJson(row),
      changed: view.changes ? change !== undefined : null, baseline: change ? cellJson(change.baseline) : null,
    };
  });
  return { policy: view.policy, peer: view.peer ?? null, runs: rows.length, changedCells: view.changes ? view.changes.length : null, rows };
}

export function matrixCsv(view: MatrixView): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = [...columns, ...(view.changes ? ['baseline'] : [])];
  const lines = view.rows.map((row) => [...cells(row), ...(view.changes ? [baselineText(changeFor(view, row))] : [])].map(quote).join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

export function matrixMarkdown(view: MatrixView): string {
  const header = [...columns, ...(view.changes ? [`was (${baselineOf(view)})`] : [])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of view.rows) {
    const extra = view.changes ? [baselineText(changeFor(view, row))] : [];
    lines.push(`| ${[...cells(row), ...extra].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

function symbol(row: MatrixRow, codes: string[]): string {
  let text: string;
  if (row.result === 'completed') text = row.storage === 'nbd' ? 'N' : row.storage === 'legacy' ? 'L' : '-';
  else {
    const code = row.errorCode ?? '?';
    if (!codes.includes(code)) codes.push(code);
    text = String.fromCharCode(97 + codes.indexOf(code));
  }
  return text + (row.findings.length > 0 ? '*' : ' ');
}

/** One grid per storage mode: rows are sources, columns targets, numbered by profile. */
export function matrixGrid(view: MatrixView): string {
  const profiles = [...new Set(view.rows.map((r) => r.source))];
  const number = (name: string): number => profiles.indexOf(name) + 1;
  const codes: string[] = [];
  const out: string[] = [`policy ${view.policy}${view.peer ? `, peer plug-in '${view.peer}'` : ''}: ${profiles.length} side profiles, ${view.rows.length} runs`, ''];
  out.push(...profiles.map((p, i) => `${String(i + 1).padStart(3)}  ${p}`), '');
  for (const mode of [...new Set(view.rows.map((r) => r.copyStorage))] as CopyStorage[]) {
    out.push(`copy-storage ${mode} (row: source, column: target)`);
    out.push('     ' + profiles.map((_, i) => String(i + 1).padStart(3)).join(''));
    for (const source of profiles) {
      const line = profiles.map((target) => {
        const row = view.rows.find((r) => r.source === source && r.target === target && r.copyStorage === mode);
        const changed = row && changeFor(view, row) ? '!' : ' ';
        return row ? changed + symbol(row, codes) : '   ';
      }).join('');
      out.push(`${String(number(source)).padStart(3)}  ${line}`);
    }
    out.push('');
  }
  out.push('N nbd mirror   L legacy migrate blk/inc   - no storage copied   * an invariant broke (finding)' + (view.changes ? `   ! changed by ${changerOf(view)}` : ''));
  out.push(...codes.map((code, i) => `${String.fromCharCode(97 + i)} failed: ${code}`));
  return out.join('\n') + '\n';
}

export interface MatrixSummaryJson {
  readonly runs: number;
  readonly completed: { readonly nbd: number; readonly legacy: number; readonly none: number };
  readonly failed: number;
  /** Failed runs by error code, in the order the rows first give them. */
  readonly failures: Readonly<Record<string, number>>;
  /** Runs by broken invariant. */
  readonly findings: Readonly<Record<string, number>>;
}

function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** The matrix in counts (`tour --json`), the figures matrixSummary prints. */
export function matrixSummaryJson(rows: readonly MatrixRow[]): MatrixSummaryJson {
  const completed = (storage: MatrixRow['storage']): number => rows.filter((r) => r.result === 'completed' && r.storage === storage).length;
  return {
    runs: rows.length,
    completed: { nbd: completed('nbd'), legacy: completed('legacy'), none: completed('none') },
    failed: rows.filter((r) => r.result === 'failed').length,
    failures: tally(rows.flatMap((r) => (r.errorCode ? [r.errorCode] : []))),
    findings: tally(rows.flatMap((r) => r.findings)),
  };
}

export function matrixSummary(rows: readonly MatrixRow[]): string {
  const summary = matrixSummaryJson(rows);
  const list = (counts: Readonly<Record<string, number>>): string => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  return [
    `${summary.runs} runs: ${summary.completed.nbd} nbd, ${summary.completed.legacy} legacy, ${summary.completed.none} without storage copy, ${summary.failed} failed`,
    `failures: ${list(summary.failures)}`,
    `findings: ${list(summary.findings)}`,
  ].join('\n') + '\n';
}

export function reviewCaseLine(seedCase: ReviewCase): string {
  return `${seedCase}. ${reviewCaseNames[seedCase]}`;
}
