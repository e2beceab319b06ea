// What each host looks like at one moment of a migration, read off the world itself (its two
// SimQemu objects and the storage copy it timed), so that a front end can show the hosts the way
// RaftScope shows its servers without a second model of them: the libvirt phase, the QEMU
// process, the NBD server and its exports, the mirror jobs with their progress, and where the
// guest runs. The run records a snapshot at the start and end of every phase and after every effect.
import type { Phase, Side } from '../../model/migration/types.js';
import type { SimQemu } from './qemu.js';
import { copyMs } from './storage-copy.js';
import type { HandshakeWorld } from './world.js';

/** QEMU as `virsh` would find it: no process, started with -incoming and paused, running, or paused (after migrate). */
export type QemuProcessState = 'absent' | 'incoming-paused' | 'running' | 'paused';

export interface LibvirtState {
  /** The phase this side's libvirt is in, or ran last; null before its first. */
  readonly phase: Phase | null;
  readonly status: 'idle' | 'in-phase' | 'done' | 'failed';
  /** The phase runs as cleanup after a failure (Finish or Confirm "cancelled"). */
  readonly cancelled: boolean;
}

export interface NbdServerState {
  readonly port: number;
  /** Export name and the disk behind it, in the order they were added. */
  readonly exports: readonly { readonly name: string; readonly disk: string }[];
}

export interface MirrorState {
  readonly disk: string;
  readonly state: 'running' | 'ready';
  /** Where the job writes, as QEMU connected: `host:port/export`. */
  readonly target: string;
  readonly totalBytes: number;
  /**
   * Bytes copied so far, from the world's timing of the copy: all of them once READY; before,
   * the fraction of the block-stream model's time to READY that has passed (or, for a copy that
   * never gets READY, the model's throughput times the time spent), never more than the disk.
   */
  readonly copiedBytes: number;
}

export interface HostState {
  readonly libvirt: LibvirtState;
  readonly qemu: QemuProcessState;
  readonly nbdServer: NbdServerState | null;
  readonly mirrors: readonly MirrorState[];
}

export interface HostStates {
  readonly source: HostState;
  readonly target: HostState;
  /** Sides whose QEMU runs the guest unpaused: one normally, none during switchover, both is a split brain. */
  readonly domainRunsOn: readonly Side[];
}

export function qemuProcessState(qemu: SimQemu): QemuProcessState {
  if (!qemu.running) return 'absent';
  if (!qemu.paused) return 'running';
  return qemu.incoming ? 'incoming-paused' : 'paused';
}

const idle: LibvirtState = { phase: null, status: 'idle', cancelled: false };
/** Most snapshots have no mirror: one shared empty list keeps a snapshot cheap (thousands of runs a second). */
const noMirrors: readonly MirrorState[] = [];

/** Follows one run: which phase each libvirt is in, and when each mirror job started. */
export class HostStateRecorder {
  private readonly libvirt: Record<Side, LibvirtState> = { source: idle, target: idle };
  /** Start time of each mirror job the recorder has seen, by source disk. */
  private readonly mirrorStartMs = new Map<string, number>();

  constructor(private readonly hw: HandshakeWorld) {}

  enter(side: Side, phase: Phase, cancelled: boolean): void {
    this.libvirt[side] = { phase, status: 'in-phase', cancelled };
  }

  leave(side: Side, ok: boolean): void {
    this.libvirt[side] = { ...this.libvirt[side], status: ok ? 'done' : 'failed' };
  }

  snapshot(): HostStates {
    const { source, target } = this.hw.qemu;
    if (source.mirrors.size > 0 || this.mirrorStartMs.size > 0) this.noteMirrors(source);
    const sourceState = this.host('source', source);
    const targetState = this.host('target', target);
    const domainRunsOn: Side[] = [];
    if (sourceState.qemu === 'running') domainRunsOn.push('source');
    if (targetState.qemu === 'running') domainRunsOn.push('target');
    return { source: sourceState, target: targetState, domainRunsOn };
  }

  /** A snapshot is taken after every effect, so a job first seen now started with the effect just run. */
  private noteMirrors(qemu: SimQemu): void {
    for (const disk of this.mirrorStartMs.keys()) if (!qemu.mirrors.has(disk)) this.mirrorStartMs.delete(disk);
    for (const disk of qemu.mirrors.keys()) if (!this.mirrorStartMs.has(disk)) this.mirrorStartMs.set(disk, this.hw.nowMs);
  }

  private host(side: Side, qemu: SimQemu): HostState {
    const server = qemu.running ? qemu.nbdServer : null;
    return {
      libvirt: this.libvirt[side],
      qemu: qemuProcessState(qemu),
      nbdServer: server ? { port: server.port, exports: [...server.exports].map(([name, disk]) => ({ name, disk })) } : null,
      mirrors: qemu.mirrors.size === 0 ? noMirrors : [...qemu.mirrors.values()].map((job) => {
        const totalBytes = this.hw.scenario.domain.disks.find((d) => d.target === job.disk)?.capacityBytes ?? 0;
        return {
          disk: job.disk, state: job.state, target: `${job.target.address}:${job.target.port}/${job.target.export}`, totalBytes,
          copiedBytes: job.state === 'ready' ? totalBytes : this.copiedBefore(job.disk, totalBytes),
        };
      }),
    };
  }

  private copiedBefore(disk: string, totalBytes: number): number {
    const copy = this.hw.storageCopy;
    const startedMs = this.mirrorStartMs.get(disk) ?? this.hw.nowMs;
    const elapsedMs = this.hw.nowMs - startedMs;
    if (copy === null || copy.model !== 'nbd-mirror' || elapsedMs <= 0) return 0;
    const readyMs = copyMs(copy);
    const copied = readyMs !== null && readyMs > 0 ? totalBytes * (elapsedMs / readyMs) : (copy.throughputBytesPerSecond * elapsedMs) / 1000;
    return Math.min(totalBytes, Math.floor(copied));
  }
}
