// Failures while driving QEMU over QMP: errors QEMU returns (class and description kept), a
// mirror job that ends with an error, and transport problems on the monitor socket.
import type { ErrorCatalogEntry } from '../../model/catalog.js';

export const qmpErrorCodes = ['qmp-error', 'qmp-protocol', 'qmp-closed', 'qmp-timeout', 'mirror-failed', 'qemu-start-failed'] as const;

export type QmpErrorCode = (typeof qmpErrorCodes)[number];

export interface QmpError {
  readonly code: QmpErrorCode;
  readonly message: string;
}

export function qmpError(code: QmpErrorCode, message: string): QmpError {
  return { code, message };
}

const spec = 'QEMU docs/interop/qmp-spec.rst';
const entry = (code: QmpErrorCode, raisedBy: ErrorCatalogEntry['raisedBy'], message: string, source: string): ErrorCatalogEntry =>
  ({ code, raisedBy, message, source });

export const qmpErrorCatalog: readonly ErrorCatalogEntry[] = [
  entry('qmp-error', 'qemu', '%s failed: %s (%s)', `${spec} "Error response"`),
  entry('qmp-protocol', 'simulator', 'monitor sent %s', `${spec} "Protocol Specification" (one JSON object per line)`),
  entry('qmp-closed', 'simulator', 'monitor connection closed while waiting for %s', 'src/io/qmp/client.ts'),
  entry('qmp-timeout', 'simulator', '%s did not arrive within %s ms', 'src/io/qmp/client.ts'),
  entry('mirror-failed', 'qemu', 'mirror job ended with an error: %s', 'QEMU block/mirror.c (BLOCK_JOB_COMPLETED with "error")'),
  entry('qemu-start-failed', 'simulator', 'QEMU did not start: %s', 'src/io/qmp/qemu.ts'),
];
