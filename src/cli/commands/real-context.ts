// What every `migsim real` action shares: the harness module (loaded only when an action runs),
// the machine it checked, the harness directory, and the one-line failure of exit code 2.
import type { RealError } from '../../real/errors.js';
import type * as Harness from '../../real/harness.js';
import { scratchDirectory } from '../../real/options.js';
import { checkMachine, realMachine, type Machine, type MachineProbe } from '../../real/preconditions.js';
import { defineCommand, type CommandSpec, type Flags, type Values } from '../command.js';
import { exitCode, type CliIo } from '../io.js';
import type { HarnessFailureJson } from '../schemas/real.js';

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

/** A context whose machine was checked: every action on the pair. */
export type PairContext = RealContext & { readonly machine: Machine };

/**
 * A harness error: one line on standard error, `migsim real: MESSAGE`, and with --json the error
 * as `{ ok: false, error: { code, message } }` on standard output; exit 2.
 */
export function harnessFailure(io: CliIo, error: RealError, json: boolean): number {
  io.err(`migsim real: ${error.message}\n`);
  if (json) io.out(`${JSON.stringify({ ok: false, error } satisfies HarnessFailureJson)}\n`);
  return exitCode.usage;
}

/** The flags every action on the pair has (src/cli/real-flags.ts). */
export interface PairFlags {
  readonly dir: string | undefined;
  readonly json: boolean;
  readonly libvirtd: string | undefined;
  readonly virsh: string | undefined;
  readonly qemu: string | undefined;
}

/** The harness's directory, or its one-line failure. */
export function scratchOf(flags: Pick<PairFlags, 'dir' | 'json'>, io: CliIo): { readonly scratch: string } | { readonly exit: number } {
  const scratch = scratchDirectory(flags.dir, io.env);
  return scratch.ok ? { scratch: scratch.value } : { exit: harnessFailure(io, scratch.error, flags.json) };
}

/**
 * What an action on the pair needs before it acts: the directory, root and every program
 * checked (nothing is started before), and the harness loaded; or the exit code of the first
 * thing missing, already said in one line.
 */
export async function pairContext(flags: PairFlags, io: CliIo, deps: RealDeps): Promise<PairContext | { readonly exit: number }> {
  const where = scratchOf(flags, io);
  if ('exit' in where) return where;
  const machine = checkMachine({ libvirtd: flags.libvirtd ?? null, virsh: flags.virsh ?? null, qemu: flags.qemu ?? null,
    driverDir: io.env.LIBVIRT_DRIVER_DIR ?? null }, deps.probe);
  if (!machine.ok) return { exit: harnessFailure(io, machine.error, flags.json) };
  return { io, json: flags.json, scratch: where.scratch, machine: machine.value, harness: await deps.harness() };
}

/** A `migsim real` action: its arguments after the action's name, with the machine and harness injected (tests). */
export type RealAction = (args: readonly string[], io: CliIo, deps: RealDeps) => Promise<number>;

/** An action by its spec, as defineCommand makes a command: parsed, its help on --help, else run. */
export function realAction<F extends Flags>(spec: CommandSpec<F>,
  run: (values: Values<F>, positionals: readonly string[], io: CliIo, deps: RealDeps) => Promise<number>): RealAction {
  return (args, io, deps) => defineCommand(spec, (values, positionals, runIo) => run(values, positionals, runIo, deps))(args, io);
}
