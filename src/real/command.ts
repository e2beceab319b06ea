// Short commands (ip, nsenter, mount, virsh, qemu-img) run to completion with a timeout, through
// the project's one runner (src/io/peers/run.ts, which kills a late command by PID), their
// failure turned into a `harness-command-failed` harness error naming the command.
import { runProgram } from '../io/peers/run.js';
import { limits } from './constants.js';
import { fail, ok, type RealResult } from './errors.js';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export async function command(program: string, args: readonly string[], timeoutMs: number = limits.commandTimeoutMs): Promise<RealResult<CommandOutput>> {
  const outcome = await runProgram(program, args, timeoutMs);
  if (outcome.ok) return ok({ stdout: outcome.stdout, stderr: outcome.stderr });
  return fail('harness-command-failed', `${[program, ...args].join(' ').slice(0, 300)}: ${outcome.error.message}`);
}

/** Namespaces nsenter can enter: mount, UTS, network. */
export type NamespaceKind = 'mount' | 'uts' | 'net';

/** Runs a command inside some of the namespaces of `pid` (nsenter --target). */
export function inNamespace(nsenter: string, pid: number, kinds: readonly NamespaceKind[], program: string, args: readonly string[]): Promise<RealResult<CommandOutput>> {
  const flags = kinds.map((kind) => ({ mount: '--mount', uts: '--uts', net: '--net' })[kind]);
  return command(nsenter, ['--target', String(pid), ...flags, '--', program, ...args]);
}

/** Runs every step in order and stops at the first failure. */
export async function steps(list: readonly (() => Promise<RealResult<unknown>>)[]): Promise<RealResult<null>> {
  for (const step of list) {
    const result = await step();
    if (!result.ok) return result;
  }
  return ok(null);
}
