// A duration flag (`--timeout 90s`) in milliseconds, through the project's unit parser.
import { parseDurationNs } from '../model/units.js';
import { fail, ok, type RealResult } from './errors.js';

/** Bounds on a run timeout: long enough for QEMU to start, short enough to notice a hang. */
export const timeoutMsMin = 1_000;
export const timeoutMsMax = 60 * 60 * 1000;

export function parseDuration(text: string): RealResult<number> {
  const parsed = parseDurationNs(text);
  if (!parsed.ok) return fail('scenario-invalid', `--timeout: ${parsed.error.message}`);
  const ms = Math.round(parsed.value / 1e6);
  if (ms < timeoutMsMin || ms > timeoutMsMax) return fail('scenario-invalid', `--timeout must be between 1s and 1h (got ${text})`);
  return ok(ms);
}
