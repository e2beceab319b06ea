// The `migsim` command: dispatches to one module per sub-command. Every command returns an
// exit code (0 ok, 1 failed/rejected, 2 usage or I/O error) instead of exiting itself.
import { cookieCommand } from './commands/cookie.js';
import { fuzzCommand, replayCommand } from './commands/fuzz.js';
import { matrixCommand } from './commands/matrix.js';
import { policiesCommand } from './commands/policies.js';
import { explainCommand, simulateCommand } from './commands/simulate.js';
import { tourCommand } from './commands/tour.js';
import { exitCode, processIo, UsageError, type CliIo } from './io.js';

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly run: Command;
}

const commands: ReadonlyMap<string, CommandEntry> = new Map([
  ['tour', { summary: 'the five fallback cases and the matrix summary (what npm start runs)', run: tourCommand }],
  ['simulate', { summary: 'run one migration between simulated hosts and show every step', run: simulateCommand }],
  ['explain', { summary: 'one migration told phase by phase in plain words', run: explainCommand }],
  ['matrix', { summary: 'every version pair and storage mode, with the five review cases marked', run: matrixCommand }],
  ['fuzz', { summary: 'fuzz the cookie codec and whole handshakes; one-line repro on failure', run: fuzzCommand }],
  ['replay', { summary: 'run a case file written by migsim fuzz again, exactly', run: replayCommand }],
  ['policies', { summary: 'list the designer policy presets and switches', run: policiesCommand }],
  ['cookie', { summary: 'check or re-format a migration cookie (cookie check|format)', run: cookieCommand }],
  ['validate-stream', { summary: 'real QEMU mirror and migsim client into delayed nbdkit vs the stream model',
    run: async (args, io) => (await import('./commands/validate-stream.js')).validateStreamCommand(args, io) }],
  ['stream', { summary: 'time an NBD storage copy on a link, and whether it gets READY under guest writes',
    run: async (args, io) => (await import('./commands/stream.js')).streamCommand(args, io) }],
  ['real', { summary: 'a real libvirtd pair in namespaces: up, run a migration and record it, status, down', run: async (args, io) => (await import('./commands/real.js')).realCommand(args, io) }],
  ['explore', { summary: 'the interactive handshake explorer in a browser (served on 127.0.0.1, or --out DIR)', run: async (args, io) => (await import('./commands/explore.js')).exploreCommand(args, io) }],
]);

export function usage(): string {
  const rows = [...commands].map(([name, entry]) => `  ${name.padEnd(16)}${entry.summary}`);
  return `migsim — simulator and fuzzer for libvirt's migration handshake\n\nusage: migsim COMMAND [options]\n\n${rows.join('\n')}\n\nRun 'migsim COMMAND --help' for a command's options.\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? exitCode.usage : exitCode.ok;
  }
  const command = commands.get(name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`);
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`migsim ${name}: ${error.message}\n`);
    return exitCode.usage;
  }
}
