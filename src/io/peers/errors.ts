// Failures of the real peers migsim starts (nbdkit, qemu-nbd, nbdinfo, nbdcopy, QEMU): data,
// not exceptions, so that a harness can report "program missing" (exit 2) apart from "the
// model is wrong" (exit 1).
import type { ErrorCatalogEntry } from '../../model/catalog.js';

export const peerErrorCodes = ['program-missing', 'peer-start-failed', 'peer-exited', 'peer-timeout', 'peer-command-failed'] as const;

export type PeerErrorCode = (typeof peerErrorCodes)[number];

export interface PeerError {
  readonly code: PeerErrorCode;
  readonly message: string;
}

export function peerError(code: PeerErrorCode, message: string): PeerError {
  return { code, message };
}

const entry = (code: PeerErrorCode, message: string, source: string): ErrorCatalogEntry => ({ code, raisedBy: 'simulator', message, source });

export const peerErrorCatalog: readonly ErrorCatalogEntry[] = [
  entry('program-missing', 'program %s is not installed (Debian package %s)', 'src/io/peers/programs.ts (PATH search)'),
  entry('peer-start-failed', '%s did not start: %s', 'src/io/peers/process.ts (pid file and connect probe)'),
  entry('peer-exited', '%s exited with %s: %s', 'src/io/peers/process.ts'),
  entry('peer-timeout', '%s did not finish within %s ms', 'src/io/peers/process.ts'),
  entry('peer-command-failed', '%s failed with exit code %s: %s', 'src/io/peers/run.ts'),
];
