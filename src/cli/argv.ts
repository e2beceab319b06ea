// Splitting a command line into flags and positionals, by the command's own flag table. migsim
// reads argv itself rather than through node:util's parseArgs, whose messages are not ours
// ("argument is ambiguous" for `--seed -5`, an unbalanced quote for an unknown option): a value
// flag always takes the next word as its value, so `--seed -5` and `--disk-size -1` reach the
// value rule, which answers them.
import { UsageError } from './io.js';

export interface FlagShape {
  /** Takes a value (`--seed N`); otherwise a switch (`--json`). */
  readonly takesValue: boolean;
  /** May be given several times (`--policy A --policy B`). */
  readonly multiple: boolean;
  /** Other names for the same flag (old spellings). */
  readonly aliases: readonly string[];
}

export type RawValue = string | true | string[];

export interface RawArgs {
  /** By canonical flag name, as written (values are checked later, by the value rules). */
  readonly flags: ReadonlyMap<string, RawValue>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

function lookup(table: Readonly<Record<string, FlagShape>>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, shape] of Object.entries(table)) {
    names.set(name, name);
    for (const alias of shape.aliases) names.set(alias, name);
  }
  return names;
}

/** Splits `args` by `table`; `command` names the command in messages (`simulate`, `cookie check`). */
export function splitArgs(args: readonly string[], table: Readonly<Record<string, FlagShape>>, command: string): RawArgs {
  const names = lookup(table);
  const flags = new Map<string, RawValue>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i] ?? '';
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const written = word.startsWith('--') ? word.slice(2, equals < 0 ? undefined : equals) : '';
    const name = names.get(written);
    const shape = name === undefined ? undefined : table[name];
    if (name === undefined || shape === undefined) {
      throw new UsageError(`unknown option '${equals < 0 ? word : word.slice(0, equals)}'; see 'migsim ${command} --help'`, 'unknown-option');
    }
    let value: string | true = true;
    if (!shape.takesValue) {
      if (equals >= 0) throw new UsageError(`--${name} takes no value (got '${word.slice(equals + 1)}')`, 'bad-value');
    } else if (equals >= 0) {
      value = word.slice(equals + 1);
    } else {
      const next = args[i + 1];
      // A following flag means the value was forgotten; a single dash starts a value (`-5`, `-`).
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${name} needs a value`, 'missing-value');
      value = next;
      i += 1;
    }
    // A repeatable flag collects its values; any other takes the last one given, so that a later
    // flag overrides an earlier one (a script's default, an alias), as in most commands.
    const earlier = flags.get(name);
    flags.set(name, shape.multiple ? [...(Array.isArray(earlier) ? earlier : []), String(value)] : value);
  }
  return { flags, positionals, help };
}
