// The record of one simulated migration: every phase, cookie, decision and effect with its
// virtual time, and at the start and end of each phase and after each effect the state of both hosts. Renderers (text, JSON, Mermaid) and oracles all read this same list, and a
// fixed scenario's trace has a golden hash.
import type { Finding } from '../../model/migration/findings.js';
import type { Decision, Effect, Phase, PhaseError, Side } from '../../model/migration/types.js';
import { stableHash } from '../hash.js';
import type { HostStates } from './host-state.js';

export type Party = Side | 'client';

export type TraceEvent =
  | { readonly atMs: number; readonly kind: 'phase-start'; readonly phase: Phase; readonly side: Side; readonly cancelled: boolean;
    /** Both hosts as the phase starts (its libvirt already in it, nothing done yet); absent when the scenario does not record them. */
    readonly hosts?: HostStates }
  | { readonly atMs: number; readonly kind: 'decision'; readonly phase: Phase; readonly side: Side; readonly decision: Decision }
  | { readonly atMs: number; readonly kind: 'cookie'; readonly phase: Phase; readonly from: Side; readonly to: Side;
    readonly route: readonly Party[]; readonly xml: string;
    /** What arrived when a fault changed it (null when it arrived as sent or was dropped). */
    readonly mutated: string | null; readonly dropped: boolean; readonly fault: string | null }
  | { readonly atMs: number; readonly kind: 'effect'; readonly phase: Phase; readonly side: Side; readonly effect: Effect;
    readonly result: 'ok' | 'refused' | 'ignored'; readonly code?: string; readonly message?: string; readonly detail?: string;
    /** Both hosts just after the effect (host-state.ts); absent when the scenario does not record them. */
    readonly hosts?: HostStates }
  | { readonly atMs: number; readonly kind: 'phase-end'; readonly phase: Phase; readonly side: Side; readonly ok: boolean; readonly error: PhaseError | null;
    /** Both hosts at the end of the phase; absent when the scenario does not record them. */
    readonly hosts?: HostStates }
  | { readonly atMs: number; readonly kind: 'finding'; readonly finding: Finding };

export class Trace {
  readonly events: TraceEvent[] = [];

  add(event: TraceEvent): void {
    this.events.push(event);
  }
}

/** A stable hash of a trace: same scenario and seed, same hash, on every machine. */
export function traceHash(events: readonly TraceEvent[]): string {
  return stableHash(events.map((event) => JSON.stringify(event)).join('\n'));
}
