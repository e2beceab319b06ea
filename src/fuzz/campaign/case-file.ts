// A failing case as a file: everything needed to replay it exactly (target, policies, peer
// module, the shrunk case itself, and the seed and path fast-check found it with), written as
// JSON with 64-bit numbers tagged so that they survive.
import type { DesignerPolicy } from '../../model/policy.js';
import type { CookieCase } from '../arbitraries/cookie-case.js';
import type { OracleFailure } from '../oracles/handshake.js';
import type { TargetName } from '../targets.js';

export interface CaseFile {
  readonly migsimCase: 1;
  readonly target: TargetName;
  readonly seed: number;
  readonly path: string;
  readonly policies: readonly DesignerPolicy[];
  /** Module path of the peer plug-in the campaign ran, or null for libvirt's peers. */
  readonly peer: string | null;
  readonly decisionTable: boolean;
  readonly case: unknown;
  readonly failures: readonly OracleFailure[];
  readonly note?: string;
}

export function toCaseJson(file: CaseFile): string {
  return JSON.stringify(file, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value), 2) + '\n';
}

export function fromCaseJson(text: string): CaseFile {
  const parsed = JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && '$bigint' in value && typeof (value as { $bigint: unknown }).$bigint === 'string') {
      return BigInt((value as { $bigint: string }).$bigint);
    }
    return value;
  }) as CaseFile;
  if (parsed.migsimCase !== 1 || (parsed.target !== 'cookie' && parsed.target !== 'handshake')) throw new Error('not a migsim case file (version 1)');
  return parsed;
}

/** Inlines a corpus base so that the case replays without the corpus it was found with. */
export function selfContained(target: TargetName, item: unknown, corpus: readonly string[]): unknown {
  if (target !== 'cookie') return item;
  const cookieCase = item as CookieCase;
  if (cookieCase.base.kind !== 'corpus') return item;
  return { ...cookieCase, base: { kind: 'text', xml: corpus[cookieCase.base.index] ?? '' } };
}

export function caseFileName(file: Pick<CaseFile, 'target' | 'seed' | 'failures'>): string {
  const oracle = file.failures[0]?.oracle ?? 'failure';
  return `${file.target}-${oracle}-${file.seed}.json`;
}
