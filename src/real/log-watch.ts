// Following a libvirtd log while a migration runs, to act at a point of the protocol (an abort
// "during the mirror") on the event itself rather than after a guessed delay: the harness polls
// the file for the line that marks the point, within a deadline.
import { open } from 'node:fs/promises';
import { limits } from './constants.js';
import type { AbortPoint } from './scenario.js';

/** Reads what was appended to a file since the last call (at most logBytesMax in all). */
export class LogTail {
  private position = 0;
  private carry = '';

  constructor(private readonly path: string) {}

  /** Complete new lines since the last call. */
  async lines(): Promise<string[]> {
    if (this.position >= limits.logBytesMax) return [];
    const file = await open(this.path, 'r').catch(() => null);
    if (file === null) return [];
    try {
      const buffer = Buffer.alloc(Math.min(1024 * 1024, limits.logBytesMax - this.position));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, this.position);
      this.position += bytesRead;
      const text = this.carry + buffer.subarray(0, bytesRead).toString('utf8');
      const parts = text.split('\n');
      this.carry = parts.pop() ?? '';
      return parts;
    } finally {
      await file.close();
    }
  }
}

/** Which host's log shows the point, and the line that marks it (libvirt 9.0 function names). */
export const abortMarkers: Readonly<Record<AbortPoint, { readonly side: 'source' | 'target'; readonly pattern: RegExp }>> = {
  begin: { side: 'source', pattern: / : qemuMigrationSrcBeginPhase:\d+ : / },
  prepare: { side: 'target', pattern: / : qemuMigrationDstPrepare[A-Za-z]*:\d+ : / },
  perform: { side: 'source', pattern: / : qemuMigrationSrc(PerformNative|PerformTunnel|Run):\d+ : / },
  // The first mirror job is started: QMP blockdev-mirror sent (qemuMigrationSrcNBDStorageCopyBlockdev).
  mirror: { side: 'source', pattern: /QEMU_MONITOR_SEND_MSG: .*"execute":"blockdev-mirror"/ },
  finish: { side: 'target', pattern: / : qemuMigrationDstFinish[A-Za-z]*:\d+ : / },
};
