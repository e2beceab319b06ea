// `migsim real ACTION ...`: a real libvirtd pair in namespaces (src/real). Each action is its own
// command with its own spec (real-hosts.ts, real-run.ts, real-diff.ts, real-fuzz.ts,
// real-replay.ts), loaded only when it runs; the machine probe and the harness module are
// injected (RealDeps) so that tests can run every action without root.
import { exitCode, UsageError, type CliIo } from '../io.js';
import { commandSummaries } from '../summaries.js';
import { realDeps, type RealAction, type RealDeps } from './real-context.js';

export { realDeps, type RealDeps } from './real-context.js';

const actions: ReadonlyMap<string, () => Promise<RealAction>> = new Map<string, () => Promise<RealAction>>([
  ['up', async () => (await import('./real-hosts.js')).realUpCommand],
  ['run', async () => (await import('./real-run.js')).realRunCommand],
  ['status', async () => (await import('./real-hosts.js')).realStatusCommand],
  ['diff', async () => (await import('./real-diff.js')).realDiffCommand],
  ['fuzz', async () => (await import('./real-fuzz.js')).realFuzzCommand],
  ['replay', async () => (await import('./real-replay.js')).realReplayCommand],
  ['down', async () => (await import('./real-hosts.js')).realDownCommand],
]);

const line = (synopsis: string, name: keyof typeof commandSummaries): string => `  ${`migsim ${synopsis} [options]`.padEnd(38)}${commandSummaries[name]}`;

export const realUsage = `usage:
${line('real up', 'real up')}
${line('real run', 'real run')}
${line('real status', 'real status')}
${line('real diff', 'real diff')}
${line('real fuzz', 'real fuzz')}
${line('real replay FILE', 'real replay')}
${line('real down', 'real down')}

Two real libvirtd hosts (hosta 10.250.0.1, hostb 10.250.0.2) in their own namespaces on this
machine; needs root, libvirt and QEMU (docs/real.md). Run 'migsim real ACTION --help' for an
action's options.
`;

export async function realCommand(args: readonly string[], io: CliIo, deps: RealDeps = realDeps): Promise<number> {
  const [name, ...rest] = args;
  const load = name === undefined ? undefined : actions.get(name);
  if (load !== undefined) return (await load())(rest, io, deps);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(realUsage);
    return name === undefined ? exitCode.usage : exitCode.ok;
  }
  const names = [...actions.keys()].join(', ');
  // The old parser took flags anywhere (`migsim real --dir D up`); each action now reads its own.
  if (name.startsWith('-')) throw new UsageError(`the action comes first: migsim real ACTION [options], ACTION one of ${names} (got '${name}')`, 'bad-arguments');
  throw new UsageError(`unknown real command '${name}' (expected ${names})`, 'unknown-command');
}
