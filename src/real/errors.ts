// Failures of the real-libvirt harness itself (set-up, tear-down, a run that could not be
// driven), as data with stable codes. A migration that libvirt refuses is not one of these: it
// is a recorded outcome. The CLI prints a harness error as one line and exits 2.
import type { ErrorCatalogEntry } from '../model/catalog.js';

export const realErrorCodes = [
  'not-root', 'program-missing', 'hosts-not-up', 'hosts-already-up', 'state-invalid', 'host-start-failed',
  'host-timeout', 'harness-command-failed', 'scenario-invalid', 'harness-unsupported', 'cleanup-incomplete', 'proxy-failed', 'record-invalid',
] as const;

export type RealErrorCode = (typeof realErrorCodes)[number];

export interface RealError {
  readonly code: RealErrorCode;
  readonly message: string;
}

export function realError(code: RealErrorCode, message: string): RealError {
  return { code, message };
}

/** A value or the harness error that prevented it. */
export type RealResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RealError };

export const ok = <T>(value: T): RealResult<T> => ({ ok: true, value });
export const fail = <T = never>(code: RealErrorCode, message: string): RealResult<T> => ({ ok: false, error: realError(code, message) });

const entry = (code: RealErrorCode, message: string, source: string): ErrorCatalogEntry => ({ code, raisedBy: 'simulator', message, source });

export const realErrorCatalog: readonly ErrorCatalogEntry[] = [
  entry('not-root', 'migsim real needs root (namespaces, bind mounts, veth): running as uid %s', 'src/real/preconditions.ts'),
  entry('program-missing', 'program %s is not installed (Debian package %s)', 'src/real/preconditions.ts'),
  entry('hosts-not-up', 'no real hosts are up in %s (run migsim real up)', 'src/real/run.ts, status.ts, down.ts'),
  entry('hosts-already-up', 'real hosts are already up in %s (run migsim real down first)', 'src/real/up.ts'),
  entry('state-invalid', 'state file %s is not a migsim real state: %s', 'src/real/state-file.ts'),
  entry('host-start-failed', 'host %s did not start: %s', 'src/real/up.ts, namespace.ts, daemon.ts'),
  entry('host-timeout', '%s did not happen within %s ms', 'src/real/namespace.ts, daemon.ts'),
  // Not `command-failed`: that code is the NBD server's error reply (src/model/nbd/errors.ts), and
  // docs/errors.md gives every code one meaning.
  entry('harness-command-failed', '%s: %s (a program the harness ran failed, or a reset left the guest behind)', 'src/real/command.ts, reset.ts'),
  entry('scenario-invalid', '%s (a scenario, rewrite or directory the pair cannot run)', 'src/real/scenario.ts, run.ts, options.ts'),
  entry('harness-unsupported', '%s is not supported by the harness: %s', 'src/real/virsh-args.ts'),
  entry('cleanup-incomplete', 'could not remove everything: %s', 'src/real/down.ts'),
  entry('proxy-failed', 'RPC proxy: %s', 'src/real/rpc/proxy.ts, link.ts, relay-process.ts'),
  entry('record-invalid', '%s is not a migsim real record or case file: %s', 'src/real/diff/record-file.ts, fuzz/case-file.ts'),
];
