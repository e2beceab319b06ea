// Renderings of the fallback matrix: a compact grid per storage mode for the terminal, and full
// row lists as Markdown, CSV or JSON.
import type { CopyStorage } from '../model/migration/types.js';
import { reviewCaseNames, type MatrixChange, type MatrixRow, type ReviewCase } from '../sim/matrix.js';

export interface MatrixView {
  readonly rows: readonly MatrixRow[];
  /** Set when a policy other than the baseline ran: the cells it changed. */
  readonly changes: readonly MatrixChange[] | null;
  readonly policy: string;
}

const columns = ['source', 'target', 'copyStorage', 'seedCase', 'result', 'storage', 'errorCode', 'phase', 'findings'] as const;

function changeFor(view: MatrixView, row: MatrixRow): MatrixChange | undefined {
  return view.changes?.find((c) => c.row === row);
}

function baselineText(change: MatrixChange | undefined): string {
  if (!change) return '';
  const b = change.baseline;
  return b.result === 'completed' ? b.storage : `failed ${b.errorCode ?? ''} (${b.phase ?? ''})`;
}

function cells(row: MatrixRow): string[] {
  return [row.source, row.target, row.copyStorage, row.seedCase === null ? '' : String(row.seedCase), row.result, row.storage,
    row.errorCode ?? '', row.phase ?? '', row.findings.join(' ')];
}

export function matrixJson(view: MatrixView): unknown[] {
  return view.rows.map((row) => {
    const change = changeFor(view, row);
    return { ...row, ...(view.changes ? { changed: change !== undefined, baseline: change ? change.baseline : null } : {}) };
  });
}

export function matrixCsv(view: MatrixView): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = [...columns, ...(view.changes ? ['baseline'] : [])];
  const lines = view.rows.map((row) => [...cells(row), ...(view.changes ? [baselineText(changeFor(view, row))] : [])].map(quote).join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

export function matrixMarkdown(view: MatrixView): string {
  const header = [...columns, ...(view.changes ? ['was (libvirt policy)'] : [])];
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
  const out: string[] = [`policy ${view.policy}: ${profiles.length} side profiles, ${view.rows.length} runs`, ''];
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
  out.push('N nbd mirror   L legacy migrate blk/inc   - no storage copied   * an invariant broke (finding)' + (view.changes ? '   ! changed by the policy' : ''));
  out.push(...codes.map((code, i) => `${String.fromCharCode(97 + i)} failed: ${code}`));
  return out.join('\n') + '\n';
}

export function matrixSummary(rows: readonly MatrixRow[]): string {
  const count = (predicate: (r: MatrixRow) => boolean): number => rows.filter(predicate).length;
  const failures = new Map<string, number>();
  for (const row of rows) if (row.errorCode) failures.set(row.errorCode, (failures.get(row.errorCode) ?? 0) + 1);
  const findings = new Map<string, number>();
  for (const row of rows) for (const f of row.findings) findings.set(f, (findings.get(f) ?? 0) + 1);
  const list = (m: Map<string, number>): string => [...m].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  return [
    `${rows.length} runs: ${count((r) => r.storage === 'nbd' && r.result === 'completed')} nbd, ${count((r) => r.storage === 'legacy' && r.result === 'completed')} legacy, ` +
      `${count((r) => r.storage === 'none' && r.result === 'completed')} without storage copy, ${count((r) => r.result === 'failed')} failed`,
    `failures: ${list(failures)}`,
    `findings: ${list(findings)}`,
  ].join('\n') + '\n';
}

export function reviewCaseLine(seedCase: ReviewCase): string {
  return `${seedCase}. ${reviewCaseNames[seedCase]}`;
}
