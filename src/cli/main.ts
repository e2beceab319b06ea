// The `migsim` command: dispatches to one module per sub-command, each loaded only when it runs
// (so `migsim --version` or a one-cookie check does not load the fuzzer or the stream model).
// Every command returns an exit code (0 ok, 1 failed/rejected, 2 usage or I/O error) instead of
// exiting itself.
import { exitCode, processIo, UsageError, type CliIo } from './io.js';
import { packageVersion } from './package-root.js';

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const commands: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>([
  ['tour', { summary: 'the five fallback cases and the matrix summary (what npm start runs)', load: async () => (await import('./commands/tour.js')).tourCommand }],
  ['simulate', { summary: 'run one migration between simulated hosts and show every step', load: async () => (await import('./commands/simulate.js')).simulateCommand }],
  ['explain', { summary: 'one migration told phase by phase in plain words', load: async () => (await import('./commands/simulate.js')).explainCommand }],
  ['matrix', { summary: 'every version pair and storage mode, with the five review cases marked', load: async () => (await import('./commands/matrix.js')).matrixCommand }],
  ['fuzz', { summary: 'fuzz the cookie codec and whole handshakes; one-line repro on failure', load: async () => (await import('./commands/fuzz.js')).fuzzCommand }],
  ['replay', { summary: 'run a case file written by migsim fuzz again, exactly', load: async () => (await import('./commands/fuzz.js')).replayCommand }],
  ['policies', { summary: 'list the designer policy presets and switches', load: async () => (await import('./commands/policies.js')).policiesCommand }],
  ['cookie', { summary: 'check or re-format a migration cookie (cookie check|format)', load: async () => (await import('./commands/cookie.js')).cookieCommand }],
  ['stream', { summary: 'time an NBD storage copy on a link, and whether it gets READY under guest writes', load: async () => (await import('./commands/stream.js')).streamCommand }],
  ['validate-stream', { summary: 'real QEMU mirror and migsim client into delayed nbdkit vs the stream model', load: async () => (await import('./commands/validate-stream.js')).validateStreamCommand }],
  ['explore', { summary: 'the interactive handshake explorer in a browser (served on 127.0.0.1, or --out DIR)', load: async () => (await import('./commands/explore.js')).exploreCommand }],
  ['real', { summary: 'a real libvirtd pair in namespaces: up, run a migration and record it, status, down', load: async () => (await import('./commands/real.js')).realCommand }],
]);

export function usage(): string {
  const rows = [...commands].map(([name, entry]) => `  ${name.padEnd(16)}${entry.summary}`);
  return `migsim ${packageVersion()} — simulator and fuzzer for libvirt's migration handshake\n\nusage: migsim COMMAND [options]\n       migsim --version\n\n${rows.join('\n')}\n\nRun 'migsim COMMAND --help' for a command's options.\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`${packageVersion()}\n`);
    return exitCode.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? exitCode.usage : exitCode.ok;
  }
  const command = commands.get(name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (run 'migsim --help' for the list)`);
    return await (await command.load())(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`migsim ${name}: ${error.message}\n`);
    return exitCode.usage;
  }
}
