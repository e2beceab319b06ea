// One scenario through both: the real record (run now, or read from a file) and the simulation
// of the same scenario, as RunRecords, and their differences with the deliberate deviations
// marked. Pure given the real record; `diffLive` runs the real pair first.
import { simulateHandshake } from '../../sim/handshake/run.js';
import { ok, type RealResult } from '../errors.js';
import type { RealRecord } from '../record.js';
import { runScenario, type RunOptions } from '../run.js';
import { diffRuns, type RunDiff } from './diff.js';
import { recordFromReal } from './from-real.js';
import { recordFromSimulation } from './from-simulation.js';
import type { RunRecord } from './run-record.js';
import { simScenarioFor } from './sim-scenario.js';

export interface ScenarioDiff extends RunDiff {
  readonly real: RunRecord;
  readonly simulated: RunRecord;
  /** Differences no deliberate deviation explains. */
  readonly unexplained: number;
}

export function diffRecord(record: RealRecord): ScenarioDiff {
  const scenario = simScenarioFor(record.scenario);
  const real = recordFromReal(record);
  const simulated = recordFromSimulation(scenario, simulateHandshake(scenario));
  const diff = diffRuns(real, simulated);
  return { ...diff, real, simulated, unexplained: diff.differences.filter((d) => d.deviation === null).length };
}

export async function diffLive(options: RunOptions): Promise<RealResult<{ readonly record: RealRecord; readonly diff: ScenarioDiff }>> {
  const run = await runScenario(options);
  if (!run.ok) return run;
  const { capturedFrames: _frames, ...record } = run.value;
  return ok({ record, diff: diffRecord(record) });
}
