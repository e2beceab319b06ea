// The command line's own errors: a bad flag, value or file is answered with one line on standard
// error and exit code 2 (docs/cli.md). The code names the kind of problem; the message names the
// flag, the value and what is allowed. Kept here, with every other catalogue, so that
// docs/errors.md lists them; src/cli reads the codes from here.
import type { ErrorCatalogEntry } from '../model/catalog.js';

export const cliErrorCatalog = [
  { code: 'unknown-command', raisedBy: 'simulator', message: "unknown command '%s' (run 'migsim --help' for the list)", source: 'migsim CLI' },
  { code: 'unknown-option', raisedBy: 'simulator', message: "unknown option '%s'; see 'migsim %s --help'", source: 'migsim CLI' },
  { code: 'missing-value', raisedBy: 'simulator', message: '--%s needs a value (%s)', source: 'migsim CLI' },
  { code: 'bad-value', raisedBy: 'simulator', message: "--%s: '%s' is not ...; expected ...", source: 'migsim CLI' },
  { code: 'conflicting-options', raisedBy: 'simulator', message: '%s and %s cannot be used together', source: 'migsim CLI' },
  { code: 'bad-arguments', raisedBy: 'simulator', message: 'a missing or unexpected argument (FILE, ...)', source: 'migsim CLI' },
  { code: 'cannot-read', raisedBy: 'simulator', message: 'cannot read %s: %s', source: 'migsim CLI' },
  { code: 'cannot-write', raisedBy: 'simulator', message: 'cannot write %s: %s', source: 'migsim CLI' },
  { code: 'case-file-invalid', raisedBy: 'simulator', message: 'case file %s: %s at %s', source: 'docs/schemas/case-file.schema.json' },
  { code: 'peer-untrusted', raisedBy: 'simulator', message: "the case file's peer %s is not loaded: %s; pass it with --peer FILE", source: 'migsim replay' },
  { code: 'peer-invalid', raisedBy: 'simulator', message: 'the peer plug-in %s cannot be loaded: %s', source: 'migsim fuzz --peer, migsim replay --peer' },
] as const satisfies readonly ErrorCatalogEntry[];

/**
 * A scenario the block-stream model refuses keeps the code the handshake outcome table gives it
 * (`cannot-simulate`, src/model/migration/errors.ts): the same fact, whether the command line or
 * a run finds it.
 */
export type CliErrorCode = (typeof cliErrorCatalog)[number]['code'] | 'cannot-simulate';
