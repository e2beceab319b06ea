// `migsim tour --json`: the five review cases, each run as 2013's libvirt and today's, and the
// whole matrix in counts (the JSON beside matrixSummary's text).
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { MatrixRow, ReviewCase } from '../sim/matrix.js';
import type { ErrorJson } from './handshake.js';

export interface TourRunJson {
  readonly source: string;
  readonly destination: string;
  readonly result: 'completed' | 'failed';
  readonly storage: 'nbd' | 'legacy' | 'none';
  readonly error: Required<ErrorJson> | null;
  readonly findings: readonly string[];
}

export interface MatrixSummaryJson {
  readonly runs: number;
  readonly completed: { readonly nbd: number; readonly legacy: number; readonly none: number };
  readonly failed: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly findings: Readonly<Record<string, number>>;
}

export interface TourJson {
  readonly cases: readonly {
    readonly seedCase: ReviewCase;
    readonly name: string;
    readonly then: TourRunJson;
    readonly today: TourRunJson;
    readonly note: string | null;
  }[];
  readonly matrix: MatrixSummaryJson;
}

export function tourRunJson([source, destination]: readonly [string, string], result: HandshakeResult): TourRunJson {
  const { outcome } = result;
  return {
    source, destination, result: outcome.result, storage: outcome.storage,
    error: outcome.error && { code: outcome.error.code, message: outcome.error.message, phase: outcome.error.phase },
    findings: result.findings.map((f) => f.invariant),
  };
}

function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

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
