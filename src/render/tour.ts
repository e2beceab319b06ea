// `migsim tour --json`: the five review cases, each run as 2013's libvirt and today's, and the
// whole matrix in counts (matrixSummaryJson).
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { ReviewCase } from '../sim/matrix.js';
import type { ErrorJson } from './handshake.js';
import type { MatrixSummaryJson } from './matrix.js';

export interface TourRunJson {
  readonly source: string;
  readonly destination: string;
  readonly result: 'completed' | 'failed';
  readonly storage: 'nbd' | 'legacy' | 'none';
  readonly error: Required<ErrorJson> | null;
  readonly findings: readonly string[];
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
