// Runs the real simulator for the explorer's state: the same buildScenario and
// simulateHandshake as `migsim simulate`, with the edited cookies substituted in flight by an
// interceptor. A side or policy that does not read is returned as a message, never guessed.
import { parsePolicySpec, type DesignerPolicy } from '../model/policy.js';
import { parseSideSpec, type SideProfile } from '../model/versions/profile.js';
import { simulateHandshake, type HandshakeResult } from '../sim/handshake/run.js';
import { buildScenario, type Scenario } from '../sim/handshake/scenario.js';
import { interceptorFor, type CookieEdit } from './edits.js';
import type { ExploreState } from './state.js';

export interface ExploreRun {
  readonly scenario: Scenario;
  readonly result: HandshakeResult;
}

export type Setup =
  | { readonly ok: true; readonly source: SideProfile; readonly target: SideProfile; readonly policy: DesignerPolicy }
  | { readonly ok: false; readonly problems: readonly string[] };

export function setupOf(state: Pick<ExploreState, 'source' | 'target' | 'policy'>): Setup {
  const source = parseSideSpec(state.source);
  const target = parseSideSpec(state.target);
  const policy = parsePolicySpec(state.policy);
  const problems = [
    ...(source.ok ? [] : [`source: ${source.message}`]),
    ...(target.ok ? [] : [`destination: ${target.message}`]),
    ...(policy.ok ? [] : [`policy: ${policy.message}`]),
  ];
  if (!source.ok || !target.ok || !policy.ok) return { ok: false, problems };
  return { ok: true, source: source.profile, target: target.profile, policy: policy.policy };
}

export interface RunOverride {
  readonly policy?: DesignerPolicy;
  readonly edits?: readonly CookieEdit[];
}

/** The state's scenario (building one simulates nothing); `policy` and `edits` may be overridden to compare reactions. */
export function scenarioOf(state: RunState, override: RunOverride = {}): Scenario | { problems: readonly string[] } {
  const setup = setupOf(state);
  if (!setup.ok) return { problems: setup.problems };
  return buildScenario({
    source: setup.source, target: setup.target, copyStorage: state.storage, mode: state.mode, seed: state.seed,
    policy: override.policy ?? setup.policy, interceptor: interceptorFor(override.edits ?? state.edits),
  });
}

/** The fields of the state that define a run. */
export type RunState = Pick<ExploreState, 'source' | 'target' | 'storage' | 'mode' | 'policy' | 'seed' | 'edits'>;

/** One run of the state's scenario. */
export function runExplore(state: RunState, override: RunOverride = {}): ExploreRun | { problems: readonly string[] } {
  const scenario = scenarioOf(state, override);
  if ('problems' in scenario) return scenario;
  return { scenario, result: simulateHandshake(scenario) };
}

/**
 * The result as plain data, for a message from the worker: the trace hash is a getter computed
 * on first read, which a structured clone would run anyway.
 */
export function plainResult(result: HandshakeResult): HandshakeResult {
  return { ...result, traceHash: result.traceHash };
}

export function isRun(value: ExploreRun | { problems: readonly string[] }): value is ExploreRun {
  return 'result' in value;
}

/** The command that prints the same run in a terminal (edits aside, which the CLI takes as faults only in fuzz cases). */
export function cliCommand(state: ExploreState): string {
  const policy = state.policy === 'libvirt' ? '' : ` --policy ${state.policy}`;
  const mode = state.mode === 'regular' ? '' : ` --mode ${state.mode}`;
  const seed = state.seed === 1 ? '' : ` --seed ${state.seed}`;
  return `npx migsim simulate --source ${state.source} --target ${state.target} --copy-storage ${state.storage}${mode}${policy}${seed}`;
}
