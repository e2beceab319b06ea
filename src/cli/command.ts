// One convention for every command: a table of flags (name, value kind, help, old spellings),
// from which the parser, the `--help` text and docs/cli.md are all made. A command parses its
// arguments with parseCommand and gets typed values, or a UsageError that main() prints as one
// line (`migsim simulate: --rtt: '-1' is negative; expected ...`), or a request for its help.
import { z } from 'zod';
import { splitArgs, type FlagShape } from './argv.js';
import { exitCode, UsageError, type CliIo } from './io.js';
import type { ValueKind } from './values.js';

export interface Flag<T> extends FlagShape {
  /** What the value looks like in the help (`SIZE`); null for a switch. */
  readonly metavar: string | null;
  readonly help: string;
  readonly schema: z.ZodType<T>;
}

export type Flags = Readonly<Record<string, Flag<unknown>>>;

export type Values<F extends Flags> = { readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

/** A flag with a value; absent, it reads as undefined (the command's default applies). */
export function option<T>(metavar: string, kind: ValueKind<T>, help: string, aliases: readonly string[] = []): Flag<T | undefined> {
  return { takesValue: true, multiple: false, aliases, metavar, help, schema: kind.optional() };
}

/** A flag that may be given several times; absent, an empty list. */
export function repeated<T>(metavar: string, kind: ValueKind<T>, help: string, aliases: readonly string[] = []): Flag<T[]> {
  return { takesValue: true, multiple: true, aliases, metavar, help, schema: z.array(kind).optional().transform((items) => items ?? []) };
}

/** A switch: true when given. */
export function toggle(help: string, aliases: readonly string[] = []): Flag<boolean> {
  return { takesValue: false, multiple: false, aliases, metavar: null, help, schema: z.literal(true).optional().transform((on) => on === true) };
}

export interface CommandSpec<F extends Flags> {
  /** As typed after `migsim`: `simulate`, `cookie check`. */
  readonly name: string;
  /** One line for `migsim --help` and docs/cli.md. */
  readonly summary: string;
  /** Positional arguments: their synopsis (`FILE|-`) and how many. */
  readonly positionals: { readonly synopsis: string; readonly min: number; readonly max: number } | null;
  readonly description: string;
  readonly flags: F;
  /** What each exit code means for this command. */
  readonly exits: readonly (readonly [code: 0 | 1 | 2, meaning: string])[];
  /** The JSON Schema of `--json` output (docs/schemas/NAME.schema.json), or null. */
  readonly schema: string | null;
  /** Checks across flags; returns the one-line problem, or null. */
  readonly check?: (values: Values<F>) => string | null;
}

export type Parsed<F extends Flags> =
  | { readonly help: true }
  | { readonly help: false; readonly values: Values<F>; readonly positionals: readonly string[] };

/** The usual exit codes, with this command's meaning of 0 and 1. */
export function exits(okMeaning: string, failedMeaning: string | null): CommandSpec<Flags>['exits'] {
  return [[0, okMeaning], ...(failedMeaning === null ? [] : [[1, failedMeaning] as const]), [2, 'a usage or I/O error (one line on standard error)']];
}

export function parseCommand<F extends Flags>(spec: CommandSpec<F>, args: readonly string[]): Parsed<F> {
  const raw = splitArgs(args, spec.flags, spec.name);
  if (raw.help) return { help: true };
  const wanted = spec.positionals ?? { synopsis: '', min: 0, max: 0 };
  if (raw.positionals.length > wanted.max) throw new UsageError(`unexpected argument '${raw.positionals[wanted.max] ?? ''}'; see 'migsim ${spec.name} --help'`, 'bad-arguments');
  if (raw.positionals.length < wanted.min) throw new UsageError(`missing ${wanted.synopsis}; see 'migsim ${spec.name} --help'`, 'bad-arguments');
  const shape = Object.fromEntries(Object.entries(spec.flags).map(([name, flag]) => [name, flag.schema]));
  const result = z.strictObject(shape).safeParse(Object.fromEntries(raw.flags));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'not allowed'}`, 'bad-value');
  }
  // The object schema was built from these very flags, so its output has their value types.
  const values = result.data as Values<F>;
  const problem = spec.check?.(values) ?? null;
  if (problem !== null) throw new UsageError(problem, 'conflicting-options');
  return { help: false, values, positionals: raw.positionals };
}

function flagLine(name: string, flag: Flag<unknown>): string {
  const head = `--${name}${flag.metavar === null ? '' : ` ${flag.metavar}`}`;
  const also = flag.aliases.length > 0 ? ` (also ${flag.aliases.map((a) => `--${a}`).join(', ')})` : '';
  const lines = `${flag.help}${also}`.split('\n');
  const first = head.length < 26 ? `  ${head.padEnd(26)}${lines[0] ?? ''}` : `  ${head}\n${' '.repeat(28)}${lines[0] ?? ''}`;
  return [first, ...lines.slice(1).map((line) => ' '.repeat(28) + line)].join('\n');
}

export function helpText<F extends Flags>(spec: CommandSpec<F>): string {
  const args = spec.positionals ? ` ${spec.positionals.synopsis}` : '';
  const lines = [`usage: migsim ${spec.name}${args} [options]`, '', spec.description.trimEnd(), '', 'Options:'];
  for (const [name, flag] of Object.entries(spec.flags)) lines.push(flagLine(name, flag));
  lines.push(flagLine('help', { ...toggle('this help'), aliases: ['h'] }).replace('--h)', '-h)'));
  lines.push('', 'Exit codes:', ...spec.exits.map(([code, meaning]) => `  ${code}  ${meaning}`));
  if (spec.schema !== null) lines.push('', `--json prints one object described by docs/schemas/${spec.schema}.schema.json.`);
  return lines.join('\n') + '\n';
}

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** A command: parses by its spec, prints its help on --help or -h, else runs. */
export function defineCommand<F extends Flags>(spec: CommandSpec<F>, run: (values: Values<F>, positionals: readonly string[], io: CliIo) => Promise<number>): Command {
  return async (args, io) => {
    const parsed = parseCommand(spec, args);
    if (parsed.help) {
      io.out(helpText(spec));
      return exitCode.ok;
    }
    return run(parsed.values, parsed.positionals, io);
  };
}
