// The block-stream panel's model: the user's settings read with the CLI's own unit parsers and
// handed to simulateMirror, the same function and the same defaults (64 KiB random guest writes)
// as `migsim stream`, whose command line is shown beside the result.
import { parseDurationNs, parseRate, parseSize, type UnitResult } from '../model/units.js';
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { MirrorScenario } from '../sim/stream/index.js';
import type { StreamSettings } from './state.js';

export interface FieldProblem {
  readonly field: keyof StreamSettings;
  readonly message: string;
}

export type StreamInput = { readonly ok: true; readonly scenario: MirrorScenario } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** `migsim stream`'s default write size and pattern. */
const writeSizeBytes = 64 * 1024;

export function streamScenario(settings: StreamSettings): StreamInput {
  const problems: FieldProblem[] = [];
  const read = (field: keyof StreamSettings, parser: (text: string) => UnitResult): number => {
    const result = parser(settings[field]);
    if (result.ok) return result.value;
    problems.push({ field, message: result.error.message });
    return 0;
  };
  const diskBytes = read('disk', parseSize);
  const bandwidthBytesPerSecond = read('bandwidth', parseRate);
  const rttNs = read('rtt', parseDurationNs);
  const dirtyBytesPerSecond = read('dirty', parseRate);
  if (problems.length > 0) return { ok: false, problems };
  if (diskBytes < writeSizeBytes) return { ok: false, problems: [{ field: 'disk', message: 'disk size must be at least 64 KiB (one guest write)' }] };
  if (bandwidthBytesPerSecond <= 0) return { ok: false, problems: [{ field: 'bandwidth', message: 'bandwidth must be more than 0' }] };
  const guestWrites = dirtyBytesPerSecond > 0 ? { rateBytesPerSecond: dirtyBytesPerSecond, writeSizeBytes, pattern: 'random' as const } : null;
  return { ok: true, scenario: { diskBytes, bandwidthBytesPerSecond, rttNs, guestWrites, copyMode: settings.copyMode } };
}

/** The same run in a terminal. */
export function streamCli(settings: StreamSettings): string {
  const dirty = parseRate(settings.dirty);
  const writes = dirty.ok && dirty.value > 0 ? ` --dirty-rate ${settings.dirty}` : '';
  const mode = settings.copyMode === 'background' ? '' : ` --copy-mode ${settings.copyMode}`;
  return `npx migsim stream --disk-size ${settings.disk} --bandwidth ${settings.bandwidth} --rtt ${settings.rtt}${writes}${mode}`;
}

/** Whether the run copied storage over NBD: a mirror was started into the destination's NBD server. */
export function copiesOverNbd(result: HandshakeResult): boolean {
  return result.outcome.storage === 'nbd'
    || result.trace.some((e) => e.kind === 'effect' && e.effect.kind === 'mirror-start' && e.result === 'ok');
}
