// The pre-zeroing pass of sync=full when the target can write zeroes with unmap
// (block/mirror.c mirror_dirty_init with zero_target): the whole target is zeroed in pieces of
// INT_MAX rounded down to the granularity, at most MAX_IN_FLIGHT pieces at once, before the
// bitmap is filled. QEMU's NBD client splits each piece into 32 MiB WRITE_ZEROES requests sent one
// after another (measured on QEMU 7.2, docs/evidence.md Q5: 126 × 32 MiB + 2 × (32 MiB − 64 KiB)
// + 128 KiB for 4 GiB). The pass is not charged to the rate limit.
import type { NbdConnection } from './connection.js';
import { nbdRequestBytesMax } from './connection.js';
import { intMax, mirrorInFlightMax } from './constants.js';

export interface PreZeroCounters {
  zeroBytes: number;
}

export function preZero(connection: NbdConnection, diskBytes: number, granularityBytes: number,
  counters: PreZeroCounters, done: () => void): void {
  const pieceBytes = intMax - (intMax % granularityBytes);
  let nextOffset = 0;
  let inFlight = 0;
  const sendFrom = (offset: number, end: number): void => {
    const lengthBytes = Math.min(nbdRequestBytesMax, end - offset);
    connection.submit({
      kind: 'write-zeroes',
      lengthBytes,
      replied: () => {
        counters.zeroBytes += lengthBytes;
        if (offset + lengthBytes < end) return sendFrom(offset + lengthBytes, end);
        inFlight -= 1;
        launch();
      },
    });
  };
  const launch = (): void => {
    while (inFlight < mirrorInFlightMax && nextOffset < diskBytes) {
      const end = Math.min(nextOffset + pieceBytes, diskBytes);
      inFlight += 1;
      sendFrom(nextOffset, end);
      nextOffset = end;
    }
    if (inFlight === 0 && nextOffset >= diskBytes) done();
  };
  launch();
}
