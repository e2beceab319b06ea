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
