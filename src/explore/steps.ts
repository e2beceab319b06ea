// The run cut into the steps the explorer reveals one at a time: one per phase, each with its
// decisions (and the rule behind each), what its QEMU did, how it failed, and the cookie it sent.
import type { Finding } from '../model/migration/findings.js';
import type { Decision, Phase, PhaseError, Side } from '../model/migration/types.js';
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { TraceEvent } from '../sim/handshake/trace.js';

export type EffectEvent = Extract<TraceEvent, { kind: 'effect' }>;
export type CookieEvent = Extract<TraceEvent, { kind: 'cookie' }>;

export interface PhaseStep {
  readonly phase: Phase;
  readonly side: Side;
  readonly cancelled: boolean;
  readonly atMs: number;
  readonly decisions: readonly Decision[];
  readonly effects: readonly EffectEvent[];
  readonly error: PhaseError | null;
  /** The cookie this phase sent, as carried (and perhaps edited or dropped) on the wire. */
  readonly cookie: CookieEvent | null;
  /** Invariants found broken at the end of the run (last step only). */
  readonly findings: readonly Finding[];
}

interface Draft {
  phase: Phase;
  side: Side;
  cancelled: boolean;
  atMs: number;
  decisions: Decision[];
  effects: EffectEvent[];
  error: PhaseError | null;
  cookie: CookieEvent | null;
  findings: Finding[];
}

export function stepsOf(result: HandshakeResult): PhaseStep[] {
  const steps: Draft[] = [];
  for (const event of result.trace) {
    if (event.kind === 'phase-start') {
      steps.push({ phase: event.phase, side: event.side, cancelled: event.cancelled, atMs: event.atMs, decisions: [], effects: [], error: null, cookie: null, findings: [] });
      continue;
    }
    const current = steps[steps.length - 1];
    if (!current) continue;
    if (event.kind === 'decision') current.decisions.push(event.decision);
    else if (event.kind === 'effect') current.effects.push(event);
    else if (event.kind === 'phase-end') current.error = event.error;
    else if (event.kind === 'cookie') current.cookie = event;
    else current.findings.push(event.finding);
  }
  return steps;
}

/** The step that received a cookie: the next phase run on the receiving side. */
export function receiverOf(steps: readonly PhaseStep[], sender: PhaseStep): PhaseStep | null {
  const from = steps.indexOf(sender);
  return steps.slice(from + 1).find((s) => sender.cookie !== null && s.side === sender.cookie.to) ?? null;
}

export const phaseTitle: Readonly<Record<Phase, string>> = { begin: 'Begin', prepare: 'Prepare', perform: 'Perform', finish: 'Finish', confirm: 'Confirm' };

export const sideName: Readonly<Record<Side, string>> = { source: 'source', target: 'destination' };

export type SnapshotEvent = Extract<TraceEvent, { kind: 'phase-start' | 'effect' | 'phase-end' }>;

/** One point of the run the time slider can stop at: a host snapshot the world recorded (host-state.ts). */
export interface Moment {
  /** The step (phase) it belongs to. */
  readonly step: number;
  readonly event: SnapshotEvent;
}

/** Every host snapshot of the trace, in order, with the step it belongs to. */
export function momentsOf(result: Pick<HandshakeResult, 'trace'>): Moment[] {
  const moments: Moment[] = [];
  let step = -1;
  for (const event of result.trace) {
    if (event.kind === 'phase-start') step += 1;
    if (event.kind === 'phase-start' || event.kind === 'effect' || event.kind === 'phase-end') moments.push({ step, event });
  }
  return moments;
}

/**
 * The step that decided how the run ended. A failure: the phase the simulator reports it in
 * (outcome.error.phase), not the cleanup after it; a cookie lost on the wire: the phase that
 * sent it. A completion: Perform, where the source read the Prepare reply and chose how to copy
 * the storage (run.ts takes the outcome's storage path from Perform's state).
 */
export function decidingStep(steps: readonly PhaseStep[], result: Pick<HandshakeResult, 'outcome'>): number {
  const live = (s: PhaseStep): boolean => !s.cancelled;
  const { outcome } = result;
  const index = outcome.error
    ? steps.findIndex((s) => live(s) && s.error?.code === outcome.error.code && s.phase === outcome.error.phase)
    : steps.findIndex((s) => live(s) && s.phase === 'perform');
  if (index >= 0) return index;
  const lost = steps.findIndex((s) => s.cookie?.dropped === true);
  if (lost >= 0) return lost;
  const failed = steps.findIndex((s) => live(s) && s.error !== null);
  if (failed >= 0) return failed;
  return steps.reduce((last, s, i) => (live(s) ? i : last), steps.length - 1);
}
