// The `migsim` command: dispatches to one module per sub-command, each loaded only when it runs
// (so `migsim --version` or a one-cookie check does not load the fuzzer or the stream model).
// Every command returns an exit code (0 ok, 1 failed/rejected, 2 usage or I/O error) instead of
// exiting itself; a usage or I/O problem is one line on standard error, never a stack.
import { exitCode, processIo, UsageError, type CliIo } from './io.js';
import { packageVersion } from './package-root.js';
import type { Command } from './command.js';
import { commandSummaries } from './summaries.js';

const commands: ReadonlyMap<string, () => Promise<Command>> = new Map<string, () => Promise<Command>>([
  ['tour', async () => (await import('./commands/tour.js')).tourCommand],
  ['simulate', async () => (await import('./commands/simulate.js')).simulateCommand],
  ['explain', async () => (await import('./commands/simulate.js')).explainCommand],
  ['matrix', async () => (await import('./commands/matrix.js')).matrixCommand],
  ['fuzz', async () => (await import('./commands/fuzz.js')).fuzzCommand],
  ['replay', async () => (await import('./commands/replay.js')).replayCommand],
  ['policies', async () => (await import('./commands/policies.js')).policiesCommand],
  ['cookie', async () => (await import('./commands/cookie.js')).cookieCommand],
  ['stream', async () => (await import('./commands/stream.js')).streamCommand],
  ['validate-stream', async () => (await import('./commands/validate-stream.js')).validateStreamCommand],
  ['explore', async () => (await import('./commands/explore.js')).exploreCommand],
  ['real', async () => (await import('./commands/real.js')).realCommand],
]);

/** Commands with sub-commands, whose errors name the sub-command too (`migsim fuzz merge: ...`). */
const subcommands: ReadonlyMap<string, readonly string[]> = new Map([
  ['cookie', ['check', 'format']], ['fuzz', ['merge']], ['real', ['up', 'run', 'status', 'diff', 'fuzz', 'replay', 'down']],
]);

export function usage(): string {
  const rows = Object.entries(commandSummaries).map(([name, summary]) => `  ${name.padEnd(16)}${summary}`);
  return `migsim ${packageVersion()} — simulator and fuzzer for libvirt's migration handshake\n\nusage: migsim COMMAND [options]\n       migsim help COMMAND\n       migsim --version\n\n${rows.join('\n')}\n\nRun 'migsim COMMAND --help' (or 'migsim help COMMAND') for a command's options; docs/cli.md has them all.\nExit codes: 0 success, 1 the run failed or the cookie was rejected, 2 a usage or I/O error.\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    io.out(`${packageVersion()}\n`);
    return exitCode.ok;
  }
  // `migsim help simulate` is `migsim simulate --help`; `migsim help cookie check` likewise.
  const [name, args] = first === 'help' && rest.length > 0 ? [rest[0], [...rest.slice(1), '--help']] : [first, rest];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? exitCode.usage : exitCode.ok;
  }
  const load = commands.get(name);
  try {
    if (!load) throw new UsageError(`unknown command '${name}' (run 'migsim --help' for the list)`, 'unknown-command');
    return await (await load())(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const sub = subcommands.get(name)?.includes(args[0] ?? '') === true ? ` ${args[0] ?? ''}` : '';
    io.err(`migsim ${name}${sub}: ${error.message}\n`);
    return exitCode.usage;
  }
}
