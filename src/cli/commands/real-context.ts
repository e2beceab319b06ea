// What every `migsim real` action shares: the harness module (loaded only when an action runs),
// the machine it checked, the harness directory, and the one-line failure of exit code 2.
import type { RealError } from '../../real/errors.js';
import type * as Harness from '../../real/harness.js';
import { realMachine, type Machine, type MachineProbe } from '../../real/preconditions.js';
import { exitCode, type CliIo } from '../io.js';

export interface RealDeps {
  readonly probe: MachineProbe;
  readonly harness: () => Promise<typeof Harness>;
}

export const realDeps: RealDeps = { probe: realMachine, harness: () => import('../../real/harness.js') };

export type HarnessModule = Awaited<ReturnType<RealDeps['harness']>>;

export interface RealContext {
  readonly io: CliIo;
  readonly json: boolean;
  readonly scratch: string;
  /** null for an action that needs no real hosts (a diff of a saved record, a simulated replay). */
  readonly machine: Machine | null;
  readonly harness: HarnessModule;
}

export function harnessFailure(io: CliIo, error: RealError, json: boolean): number {
  io.err(`migsim real: ${error.message}\n`);
  if (json) io.out(`${JSON.stringify({ ok: false, error })}\n`);
  return exitCode.usage;
}
