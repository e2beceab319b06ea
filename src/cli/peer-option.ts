// `--peer FILE` on fuzz, replay, simulate and matrix: a designer's PeerPlugin module, loaded once,
// with what it was (absolute path and content hash) for the case files that name it.
import { resolve } from 'node:path';
import { sha256Hex, type PeerRecord } from '../fuzz/campaign/case-file.js';
import { loadPeerPlugin, type PeerPlugin } from '../fuzz/plugin.js';
import { option } from './command.js';
import { reason, UsageError, type CliIo } from './io.js';
import { text } from './values.js';

export const peerFlag = option('FILE', text('a file path'), 'a PeerPlugin module (.js, .mjs, .cjs or .ts, from any folder; it imports migsim as \'migsim/fuzz\'; see examples/peers/)');

/** Loads a plug-in and records what it was, for the case file. */
export async function peerFrom(path: string, io: CliIo, flag: string): Promise<{ plugin: PeerPlugin; record: PeerRecord }> {
  const absolute = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(absolute);
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path}: ${reason(error)}`, 'cannot-read');
  }
  try {
    return { plugin: await loadPeerPlugin(absolute), record: { path: absolute, sha256: sha256Hex(bytes) } };
  } catch (error) {
    throw new UsageError(`--${flag}: ${path} cannot be loaded as a peer plug-in: ${reason(error)}`, 'peer-invalid');
  }
}
