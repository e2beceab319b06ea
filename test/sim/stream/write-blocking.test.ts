// Goal: copy-mode write-blocking behaves as bdrv_mirror_top_do_write does: a guest write waits
// for the target (so the guest's queue depth over the round trip caps its throughput), and a
// small write into a chunk that is still dirty is not copied (do_sync_target_write skips dirty
// unaligned padding; the background copy will carry it). With QEMU 7.2's reply completion a
// guest write also waits, in the NBD client, for requests sent after it to read their replies
// (src/sim/stream/reply-completion.ts), about a second round trip. Method: scenarios where these
// bounds are computable by hand.
import { describe, expect, it } from 'vitest';
import { simulateMirror, type MirrorScenario } from '../../../src/sim/stream/index.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const ms = 1e6;

const blocking = (queueDepth: number, extra: Partial<MirrorScenario> = {}): MirrorScenario => ({
  diskBytes: GiB, bandwidthBytesPerSecond: 10 * GiB, rttNs: 20 * ms, copyMode: 'write-blocking', durationNsMax: 60e9,
  guestWrites: { rateBytesPerSecond: 100 * MiB, writeSizeBytes: 65536, pattern: 'random', queueDepth }, ...extra,
});

describe('write-blocking copy mode', () => {
  it('caps the guest at queue depth × write size per round trip when replies complete on arrival', () => {
    for (const queueDepth of [1, 8]) {
      const r = simulateMirror(blocking(queueDepth, { replyCompletion: 'on-arrival' }));
      const capBytesPerSecond = (queueDepth * 65536) / 0.020;
      expect(r.guestWriteBytesPerSecond).toBeLessThanOrEqual(capBytesPerSecond * 1.001);
      expect(r.guestWriteBytesPerSecond).toBeGreaterThan(capBytesPerSecond * 0.6);
      expect(r.worstWriteLatencySeconds ?? 0).toBeGreaterThanOrEqual(0.020);
    }
  });

  it('gives the guest about half that with QEMU 7.2\'s reply completion: a write waits about two round trips', () => {
    for (const queueDepth of [1, 8]) {
      const r = simulateMirror(blocking(queueDepth));
      const capBytesPerSecond = (queueDepth * 65536) / 0.020;
      expect(r.guestWriteBytesPerSecond).toBeLessThan(capBytesPerSecond * 0.55);
      expect(r.guestWriteBytesPerSecond).toBeGreaterThan(capBytesPerSecond * 0.4);
      expect(r.worstWriteLatencySeconds ?? 0).toBeGreaterThanOrEqual(0.040);
    }
  });

  it('does not copy small writes that land in chunks still dirty, and copies the others', () => {
    // A 1 GiB disk over 10 MiB/s: the bulk pass takes about 100 s, so during the first 10 s
    // nearly every 4 KiB write lands in a 64 KiB chunk that is still dirty.
    const r = simulateMirror({ diskBytes: GiB, bandwidthBytesPerSecond: 10 * MiB, rttNs: 1 * ms, copyMode: 'write-blocking', durationNsMax: 200e9,
      guestWrites: { rateBytesPerSecond: MiB, writeSizeBytes: 4096, pattern: 'random', durationNs: 10e9 } });
    expect(r.converged).toBe(true);
    const guestBytesSent = r.bytesTransferred - r.copiedBytes;
    expect(r.guestWriteBytes).toBeGreaterThan(MiB);
    expect(guestBytesSent).toBeLessThan(0.2 * r.guestWriteBytes);
    expect(guestBytesSent).toBeGreaterThan(0);
  });

  it('shares the NBD client\'s 16 requests with the job: 8 outstanding guest writes slow the bulk pass, at most halve it', () => {
    const quiet = simulateMirror(blocking(8, { guestWrites: null }));
    const busy = simulateMirror(blocking(8));
    expect(busy.converged).toBe(true);
    expect(busy.readySeconds ?? Infinity).toBeGreaterThan((quiet.readySeconds ?? 0) * 1.2);
    expect(busy.readySeconds ?? Infinity).toBeLessThan((quiet.readySeconds ?? 0) * 2.1);
  });
});
