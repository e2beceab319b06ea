// Fitting a calibration group's free parameters on its anchor rows (see calibration.ts):
// - the start-up time T0 (QMP commands, connect, job start), when the group names a start-up
//   anchor: the anchor's measurement minus the model's time without T0, never negative;
// - the per-request latency on loopback, when the group has a run with one request at a time
//   (buf-size 1 MiB): the round trip at which the model reproduces it, found by bisection (the
//   model never gets faster with a longer round trip). This is how `migsim validate-stream`
//   calibrates a copier too (src/io/peers/stream-validation.ts, its request-latency run): behind
//   nbdkit's delay filter each request pays wake-ups that nbdcopy's undelayed 61 µs
//   (docs/evidence.md Q3) lacks.
import { nsPerSecond } from '../world.js';

export interface GroupFit {
  readonly startupNs: number;
  readonly rttNs: number;
}

export interface FitAnchor {
  readonly measured: number;
  readonly model: (fit: GroupFit) => number;
}

const rttNsMax = 50_000_000;
const bisectionSteps = 48;
const passes = 3;

function startupFor(anchor: FitAnchor, rttNs: number): number {
  return Math.max(0, Math.round((anchor.measured - anchor.model({ startupNs: 0, rttNs })) * nsPerSecond));
}

/**
 * The whole number x in [low, high] at which `value(x)`, which grows with x, first reaches
 * `target` (by bisection); `high` when it never does.
 */
export function solveIncreasing(value: (x: number) => number, target: number, low: number, high: number): number {
  let below = low;
  let above = high;
  for (let step = 0; step < bisectionSteps && above - below > 1; step += 1) {
    const middle = Math.floor((below + above) / 2);
    if (value(middle) < target) below = middle;
    else above = middle;
  }
  return above;
}

/** The round trip (whole ns) at which the model's value for `anchor` equals its measurement. */
function rttFor(anchor: FitAnchor, startupNs: number): number {
  return solveIncreasing((rttNs) => anchor.model({ startupNs, rttNs }), anchor.measured, 0, rttNsMax);
}

/** Fits whichever of T0 and the latency the group names; with both, alternately (they barely interact). */
export function fitGroup(start: GroupFit, startupAnchor: FitAnchor | undefined, latencyAnchor: FitAnchor | undefined): GroupFit {
  let fit = start;
  for (let pass = 0; pass < (startupAnchor && latencyAnchor ? passes : 1); pass += 1) {
    if (latencyAnchor) fit = { ...fit, rttNs: rttFor(latencyAnchor, fit.startupNs) };
    if (startupAnchor) fit = { ...fit, startupNs: startupFor(startupAnchor, fit.rttNs) };
  }
  return fit;
}
