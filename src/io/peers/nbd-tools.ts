// libnbd's command-line tools as probes of an NBD server: nbdinfo (what the server advertises)
// and nbdcopy (a fast, pipelined copier, the reference for throughput).
import { nbdUri, type NbdAddress } from '../nbd/address.js';
import { peerError, type PeerError } from './errors.js';
import { requirePeer } from './programs.js';
import { runProgram } from './run.js';

/** The fields of `nbdinfo --json` migsim reads (nbdinfo(1) "--json"). */
export interface NbdinfoExport {
  readonly 'export-name': string;
  readonly 'export-size': number;
  readonly 'is_read_only'?: boolean;
  readonly 'can_flush'?: boolean;
  readonly 'can_trim'?: boolean;
  readonly 'can_zero'?: boolean;
  readonly 'can_multi_conn'?: boolean;
  readonly 'contexts'?: readonly string[];
  readonly 'block_size_minimum'?: number;
  readonly 'block_size_preferred'?: number;
  readonly 'block_size_maximum'?: number;
  readonly 'description'?: string;
}

export interface NbdinfoReport {
  readonly protocol: string;
  readonly 'TLS'?: boolean;
  readonly exports: readonly NbdinfoExport[];
}

export type NbdinfoOutcome = { readonly ok: true; readonly report: NbdinfoReport } | { readonly ok: false; readonly error: PeerError };

export async function nbdinfo(address: NbdAddress, options: { readonly exportName?: string; readonly list?: boolean; readonly timeoutMs?: number } = {}): Promise<NbdinfoOutcome> {
  const program = requirePeer('nbdinfo');
  if (!program.ok) return program;
  const args = ['--json', ...(options.list ? ['--list'] : []), nbdUri(address, options.exportName ?? '')];
  const run = await runProgram(program.path, args, options.timeoutMs ?? 15_000);
  if (!run.ok) return { ok: false, error: run.error };
  try {
    return { ok: true, report: JSON.parse(run.stdout) as NbdinfoReport };
  } catch (error) {
    return { ok: false, error: peerError('peer-command-failed', `nbdinfo printed invalid JSON: ${String(error)}`) };
  }
}

export interface NbdcopyOptions {
  /** -C: connections (1 makes the comparison with a single-connection client fair). */
  readonly connections?: number;
  /** --request-size. */
  readonly requestBytes?: number;
  /** -R: requests in flight per connection. */
  readonly requestsInFlight?: number;
  readonly flush?: boolean;
  readonly timeoutMs?: number;
}

export type NbdcopyOutcome = { readonly ok: true; readonly elapsedSeconds: number } | { readonly ok: false; readonly error: PeerError };

/** Copies between a file path, `null:` or an NBD address (nbdcopy(1)). */
export async function nbdcopy(source: string | NbdAddress, target: string | NbdAddress, options: NbdcopyOptions = {}): Promise<NbdcopyOutcome> {
  const program = requirePeer('nbdcopy');
  if (!program.ok) return program;
  const side = (where: string | NbdAddress): string => (typeof where === 'string' ? where : nbdUri(where));
  const args = [
    ...(options.connections ? ['-C', String(options.connections)] : []),
    ...(options.requestBytes ? [`--request-size=${options.requestBytes}`] : []),
    ...(options.requestsInFlight ? ['-R', String(options.requestsInFlight)] : []),
    ...(options.flush ? ['--flush'] : []),
    side(source), side(target),
  ];
  const run = await runProgram(program.path, args, options.timeoutMs ?? 60_000);
  return run.ok ? { ok: true, elapsedSeconds: run.elapsedSeconds } : { ok: false, error: run.error };
}
