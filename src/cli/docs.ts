// docs/cli.md, made from the commands' own flag tables so that it lists every command and flag
// exactly as the parser reads them (scripts/docs-cli.ts writes it; a test keeps it in sync).
import { cookieCheckSpec, cookieFormatSpec } from './commands/cookie.js';
import { exploreSpec } from './commands/explore.js';
import { fuzzSpec } from './commands/fuzz.js';
import { fuzzMergeSpec } from './commands/fuzz-merge.js';
import { matrixSpec } from './commands/matrix.js';
import { policiesSpec } from './commands/policies.js';
import { realDiffSpec } from './commands/real-diff.js';
import { realFuzzSpec } from './commands/real-fuzz.js';
import { realDownSpec, realStatusSpec, realUpSpec } from './commands/real-hosts.js';
import { realReplaySpec } from './commands/real-replay.js';
import { realRunSpec } from './commands/real-run.js';
import { replaySpec } from './commands/replay.js';
import { explainSpec, simulateSpec } from './commands/simulate.js';
import { streamSpec } from './commands/stream.js';
import { tourSpec } from './commands/tour.js';
import { validateStreamSpec } from './commands/validate-stream.js';
import type { CommandSpec, Flags } from './command.js';

/** Every command, in the order docs/cli.md lists them. */
export const commandSpecs: readonly CommandSpec<Flags>[] = [
  tourSpec, simulateSpec, explainSpec, matrixSpec, policiesSpec, streamSpec, fuzzSpec, fuzzMergeSpec, replaySpec, cookieCheckSpec, cookieFormatSpec,
  validateStreamSpec, exploreSpec, realUpSpec, realRunSpec, realStatusSpec, realDiffSpec, realFuzzSpec, realReplaySpec, realDownSpec,
] as unknown as readonly CommandSpec<Flags>[];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function commandSection(spec: CommandSpec<Flags>): string[] {
  const args = spec.positionals ? ` ${spec.positionals.synopsis}` : '';
  const lines = [`## migsim ${spec.name}`, '', `${spec.summary[0]?.toUpperCase() ?? ''}${spec.summary.slice(1)}.`, '', '```', `migsim ${spec.name}${args} [options]`, '```', '', spec.description.replace(/\n/g, ' '), ''];
  lines.push('| Flag | Meaning |', '|---|---|');
  for (const [name, flag] of Object.entries(spec.flags)) {
    const also = flag.aliases.length > 0 ? ` (also ${flag.aliases.map((a) => `\`--${a}\``).join(', ')})` : '';
    lines.push(`| \`${cell(`--${name}${flag.metavar === null ? '' : ` ${flag.metavar}`}`)}\`${also} | ${cell(flag.help)}${flag.multiple ? ' (repeatable)' : ''} |`);
  }
  lines.push('| `--help`, `-h` | this command\'s help |', '');
  lines.push(`Exit codes: ${spec.exits.map(([code, meaning]) => `${code} ${meaning}`).join('; ')}.`, '');
  if (spec.schema !== null) lines.push(`JSON: [docs/schemas/${spec.schema}.schema.json](schemas/${spec.schema}.schema.json).`, '');
  return lines;
}

export function cliMarkdown(): string {
  return [
    '# The migsim command',
    '',
    'Generated from the commands\' flag tables (`src/cli/commands/*.ts`) by `npx tsx scripts/docs-cli.ts`; a test keeps it in sync.',
    '`migsim --help` lists the commands, `migsim COMMAND --help` (or `-h`, or `migsim help COMMAND`) gives one command\'s flags, `migsim --version` the version.',
    '',
    '## Conventions',
    '',
    '- **Exit codes**: 0 success; 1 the run failed, the cookie was rejected, or a fuzz case failed; 2 a usage or I/O error.',
    '- **Errors**: a bad flag, value or file is answered with exactly one line on standard error, `migsim COMMAND: --flag: \'VALUE\' is ...; expected ...`, and exit code 2 — never a stack trace. Each such error has a stable code in the "Command line" table of [errors.md](errors.md). When the `migsim real` harness cannot act (not root, a program missing, hosts not up) that is one line too, `migsim real: MESSAGE`, exit 2, with its code in the "Real libvirt harness" table.',
    '- **Flags**: `--flag VALUE` or `--flag=VALUE`; a value flag always takes the next word, so `--seed -5` is read (and refused) as the value -5. A flag given twice takes its last value, unless it is repeatable (`fuzz --policy`). Old spellings are accepted where listed ("also").',
    '- **Values**: sizes `10GiB`, `512MiB`, `64K`, `4096` (binary KiB/MiB/GiB/TiB and bare K/M/G; decimal kB/MB/GB); rates `1GiB/s`, `100MiB/s`, `10Gbit/s`, `800Mbps`; durations `1ms`, `250us`, `10s`, `1h30m`, and a bare `0`. Where 0 means something it is said (`--rtt 0` the same host, `--dirty-rate 0` no guest writes, `--speed-limit 0` unlimited, `--time 0` no time limit); elsewhere 0 is refused. Seeds are whole numbers from 0, or a git commit hash.',
    '- **Work budget**: a scenario the models cannot simulate in reasonable time (more than their work budget, or more than 2^53 ns of simulated time) is refused in one line, `cannot simulate this in reasonable time: ...`, before it runs.',
    '- **Output paths** (`fuzz --out`, `--junit`, `stream --svg`, `explore --out`, `real run --out`, `--logs`, `--capture-frames`, `real diff --out-dir`, `real fuzz --out-dir`) are checked before the work starts; `fuzz --require` items are checked against the coverage kinds.',
    '- **JSON**: `--json` on every command prints one object described by a JSON Schema under [docs/schemas/](schemas/) (`real run --json` prints the run\'s record, described in [real.md](real.md)); a `migsim real` harness error is `{ ok: false, error: { code, message } }` instead, which each `real` schema allows. One family: an error is always `{ code, message, phase? }`; counts are numbers (`failures` is a count, the failed items have their own array); every duration key names its unit (`durationSeconds`, `readySeconds`, `atMs`); sides are `source` and `destination` (`source` and `target` on the real pair, as libvirt\'s logs say); schemas are strict (no undocumented field).',
    '- **Case files** (written by `fuzz`, read by `replay`) are described by [schemas/case-file.schema.json](schemas/case-file.schema.json) and checked against it before use. A case file never makes `replay` run code on its own: it records a plug-in\'s absolute path and SHA-256, and `replay` loads it only from `--peer FILE`, or from that path while the hash matches.',
    '- **Policy switches** have one spelling each, as `migsim policies` lists them (`nbd-gate=feature-bit`); the DesignerPolicy field names (`nbdOfferGate`) are still accepted in specs and policy files.',
    '',
    ...commandSpecs.flatMap(commandSection),
  ].join('\n');
}
