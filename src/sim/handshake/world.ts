// The two hosts of a migration in one deterministic world: their QEMUs, the network between them,
// the destination's disk images, the guest writing to its disks, and the execution of each effect
// with the time it takes (storage copies timed by the block-stream model, storage-copy.ts).
import type { Effect, Side } from '../../model/migration/types.js';
import { SimWorld } from '../world.js';
import { chunksPerDisk, DiskContent } from './content.js';
import { incomingMigrationPort, SimNetwork, SimQemu, type EffectResult, type MirrorJob } from './qemu.js';
import type { Scenario } from './scenario.js';
import { copyMs, legacyCopy, mirrorCopy, type StorageCopy } from './storage-copy.js';

/**
 * Guest writes the content model applies per copy window at most. Each write puts a new value in
 * one of 16 chunks; a READY mirror copies it at once and a running one copies every dirty chunk
 * when it becomes READY, so past this many writes nothing the oracles check can change (only
 * how long it takes, which the block-stream model times).
 */
const contentWritesPerWindowMax = 256;
const qemuStartMs = 50;
const qmpMs = 1;
const nsPerMs = 1_000_000;
const abortedMessage = 'operation aborted: migration out: canceled by client';

export type Definition = 'persistent' | 'transient' | null;

export class HandshakeWorld {
  readonly world: SimWorld;
  readonly network = new SimNetwork();
  readonly qemu: Readonly<Record<Side, SimQemu>>;
  readonly content: DiskContent;
  /** Disk images on the destination host, by disk target, with their size (none: the file is missing). */
  readonly targetImages = new Map<string, number>();
  /** How each host has the domain defined at the end (libvirt's view). */
  readonly definitions: Record<Side, Definition>;
  ramBytesSent = 0;
  diskBytesSent = 0;
  /** The storage copy as the block-stream model timed it, once one ran. */
  storageCopy: StorageCopy | null = null;
  /** Whether the user's domjobabort has hit the migration job (scenario.abort). */
  aborted = false;

  constructor(readonly scenario: Scenario) {
    this.world = new SimWorld(scenario.seed);
    const offline = scenario.request.offline === true;
    this.qemu = {
      source: new SimQemu('source', scenario.source.profile.qemuCaps, scenario.source.address, new Set(scenario.source.portsInUse ?? []), !offline),
      target: new SimQemu('target', scenario.target.profile.qemuCaps, scenario.target.address, new Set(scenario.target.portsInUse ?? []), false),
    };
    this.definitions = { source: offline || scenario.request.persistent ? 'persistent' : 'transient', target: null };
    this.network.add(this.qemu.source);
    this.network.add(this.qemu.target);
    this.content = new DiskContent(this.qemu.source.disks, this.qemu.target.disks);
    this.content.fill(scenario.domain.disks, this.world.random('disk-content'), scenario.request.copyStorage === 'inc');
    for (const disk of scenario.domain.disks) {
      if (disk.shared || scenario.destinationDisk === 'precreated') this.targetImages.set(disk.target, disk.capacityBytes);
    }
  }

  get nowMs(): number {
    return this.world.nowNs / nsPerMs;
  }

  /** Lets virtual time pass, running whatever was scheduled meanwhile. */
  advance(ms: number): void {
    const until = this.world.nowNs + Math.max(0, Math.round(ms * nsPerMs));
    this.world.at(until, 'advance', () => undefined);
    this.world.run(until);
  }

  /** Link time for one message of `bytes`, each hop with up to 20 % seeded jitter on its latency. */
  transferMs(bytes: number, hops: number): number {
    const jitter = this.world.random('link');
    let ms = (bytes / this.scenario.link.bandwidthBytesPerSecond) * 1000;
    for (let hop = 0; hop < hops; hop += 1) ms += this.scenario.link.latencyMs * (1 + jitter.int(0, 200) / 1000);
    return ms;
  }

  private capacityOf(target: string): number {
    return this.scenario.domain.disks.find((d) => d.target === target)?.capacityBytes ?? 0;
  }

  private copiedBytes(disks: Iterable<string>): number {
    let total = 0;
    for (const target of disks) total += this.capacityOf(target);
    return total;
  }

  /**
   * The guest keeps writing while the source runs: one chunk per write, to a disk being copied.
   * Within one copy window the order of writes relative to the copy does not change the result
   * (a running mirror copies every dirty chunk when it becomes READY, a READY mirror copies each
   * write as it happens), so the window's writes are applied in draw order without one event each.
   */
  private guestWrites(durationMs: number, disks: readonly string[]): number {
    const writes = this.scenario.guestWrites;
    if (disks.length === 0 || writes === null || writes.rateBytesPerSecond <= 0) return 0;
    const random = this.world.random('guest-writes');
    const count = Math.floor((durationMs / 1000) * (writes.rateBytesPerSecond / writes.writeSizeBytes));
    for (let i = 0; i < Math.min(count, contentWritesPerWindowMax); i += 1) {
      const disk = random.pick(disks);
      this.guestWrite(disk, random.int(0, chunksPerDisk - 1), random.nextUint32() | 1);
    }
    return count;
  }

  private guestWrite(disk: string, chunk: number, value: number): void {
    const source = this.qemu.source;
    if (!source.running || source.paused) return;
    this.content.write(disk, chunk, value);
    // A READY mirror copies every new write to the target (background mode catches up at once here).
    const job = source.mirrors.get(disk);
    if (job?.state === 'ready') this.syncMirror(job);
  }

  /** Copies a source disk into the destination's (block migration; a shared image needs nothing). */
  private syncDisk(disk: string, sync: 'full' | 'top'): void {
    const to = this.qemu.target.disks.get(disk);
    if (to && this.qemu.target.running) this.content.copy(disk, to, sync);
  }

  /** A mirror writes into whatever disk sits behind the export it connected to. */
  private syncMirror(job: MirrorJob): void {
    const host = this.network.at(job.target.address);
    const to = host?.disks.get(job.target.disk);
    if (host?.running && to) this.content.copy(job.disk, to, job.sync);
  }

  /**
   * The user's domjobabort sets the job's abort flag, which libvirt checks while it waits for the
   * mirrors to get READY (qemuMigrationSrcNBDStorageCopy) and before and during `migrate`
   * (qemuMigrationSrcRun): an abort during Begin, Prepare or early Perform still lets Perform
   * start its mirrors, then fails at once; one during the mirror fails it half-way (both observed
   * on libvirt 9.0, docs/evidence.md). An abort during Finish comes too late: the source has handed
   * the domain over and domjobabort has no effect.
   */
  private abortHits(side: Side): boolean {
    const abort = this.scenario.abort;
    if (side !== 'source' || abort === null || abort === 'finish') return false;
    this.aborted = true;
    return true;
  }

  execute(side: Side, effect: Effect, copyDisks: readonly string[]): EffectResult {
    const qemu = this.qemu[side];
    switch (effect.kind) {
      case 'start-incoming': return this.startIncoming(qemu, effect.port ?? incomingMigrationPort);
      case 'nbd-server-start':
        this.advance(qmpMs);
        return qemu.nbdServerStart(effect);
      case 'nbd-export-add':
        this.advance(qmpMs);
        return qemu.nbdExportAdd(effect);
      case 'mirror-start': return this.mirrorStart(qemu, effect);
      case 'mirror-wait-ready': return this.mirrorWaitReady(qemu, effect.timeoutMs);
      case 'migrate': return this.migrate(qemu, effect, copyDisks);
      case 'mirror-complete':
        // block-job-cancel at switchover completes a READY mirror consistently; a mirror that was
        // never READY is merely cancelled, and the destination keeps whatever it had so far.
        for (const job of qemu.mirrors.values()) if (job.state === 'ready') this.syncMirror(job);
        qemu.mirrors.clear();
        this.advance(qmpMs);
        return { ok: true };
      case 'mirror-cancel':
        qemu.mirrors.clear();
        this.advance(qmpMs);
        return { ok: true };
      case 'nbd-server-stop':
        this.advance(qmpMs);
        return qemu.nbdServerStop();
      case 'resume':
        this.advance(qmpMs);
        if (qemu.running) {
          qemu.paused = false;
          qemu.incoming = false;
          qemu.incomingPort = null;
        }
        return { ok: true };
      case 'stop-qemu':
        this.advance(5);
        qemu.stop();
        return { ok: true };
      case 'create-volume':
        this.advance(qmpMs);
        this.targetImages.set(effect.disk, effect.capacityBytes);
        return { ok: true };
      case 'define-domain':
        this.definitions[side] = effect.persistent ? 'persistent' : this.definitions[side] ?? 'transient';
        return { ok: true };
    }
  }

  /** QEMU opens every disk at start: a missing image fails it ("Could not open"). */
  private startIncoming(qemu: SimQemu, port: number): EffectResult {
    this.advance(qemuStartMs);
    const missing = this.scenario.domain.disks.find((disk) => qemu.side === 'target' && !this.targetImages.has(disk.target));
    if (missing) {
      return { ok: false, code: 'image-open-failed', message: `Could not open '/var/lib/libvirt/images/${this.scenario.domain.name}-${missing.target}.qcow2': No such file or directory` };
    }
    return qemu.startIncoming(port);
  }

  private mirrorStart(qemu: SimQemu, effect: Extract<Effect, { kind: 'mirror-start' }>): EffectResult {
    const missing = qemu.commandMissing(effect.command, effect.command);
    if (missing) return missing;
    this.advance(2 * this.scenario.link.latencyMs);
    const connection = this.network.connect(effect.host, effect.port, effect.export, effect.tls === true);
    if (!connection.ok && connection.hang) {
      const waitMs = effect.connectTimeoutMs ?? this.scenario.stallMsMax;
      this.advance(waitMs);
      if (effect.connectTimeoutMs !== null) {
        return { ok: false, code: 'nbd-connect-timeout', message: `no answer from NBD server ${effect.host}:${effect.port} within ${effect.connectTimeoutMs} ms` };
      }
      return { ok: false, code: 'migration-hung', message: `no progress for ${waitMs} ms (waiting on blockdev-add to ${effect.host}:${effect.port})`, hang: true };
    }
    if (!connection.ok) return connection;
    const disk = connection.disk ?? effect.disk;
    // mirror_start_job: the target must be exactly as large as the source.
    const targetBytes = this.targetImages.get(disk);
    if (targetBytes !== undefined && targetBytes !== this.capacityOf(effect.disk)) {
      return { ok: false, code: 'qemu-command-failed', message: 'Source and target image have different sizes' };
    }
    const target = { address: effect.host, port: connection.wirePort ?? effect.port, export: effect.export, disk };
    qemu.mirrors.set(effect.disk, { disk: effect.disk, target, sync: effect.sync, tls: effect.tls === true, state: 'running' });
    return { ok: true };
  }

  /**
   * libvirt waits until every mirror reports READY (qemuMigrationSrcNBDStorageCopy →
   * qemuMigrationSrcNBDStorageCopyReady), with no timeout of its own: a mirror that never gets
   * READY keeps the migration waiting for as long as the job runs.
   */
  private mirrorWaitReady(qemu: SimQemu, timeoutMs: number | null): EffectResult {
    const disks = [...qemu.mirrors.keys()];
    const bytes = this.copiedBytes(disks);
    const timed = mirrorCopy(this.scenario, bytes);
    if (!timed.ok) return { ok: false, code: 'cannot-simulate', message: timed.message };
    this.storageCopy = timed.copy;
    const readyMs = copyMs(timed.copy);
    if (this.abortHits(qemu.side)) {
      const waitedMs = this.scenario.abort === 'mirror' ? (readyMs ?? this.mirrorHorizonMs(timed.copy)) / 2 : 0;
      this.guestWrites(waitedMs, disks);
      this.advance(waitedMs);
      return { ok: false, code: 'operation-aborted', message: abortedMessage };
    }
    if (readyMs === null || (timeoutMs !== null && readyMs > timeoutMs)) {
      const waitedMs = timeoutMs ?? this.mirrorHorizonMs(timed.copy);
      this.guestWrites(waitedMs, disks);
      this.advance(waitedMs);
      const why = timed.copy.reason ?? 'it did not converge';
      if (timeoutMs !== null) {
        return { ok: false, code: 'mirror-ready-timeout', message: `the mirror of ${disks.join(', ')} was not READY within ${timeoutMs} ms: ${why}` };
      }
      return { ok: false, code: 'migration-hung', message: `the mirror of ${disks.join(', ')} never became READY: ${why}`, hang: true };
    }
    const writes = this.guestWrites(readyMs, disks);
    this.advance(readyMs);
    for (const job of qemu.mirrors.values()) {
      this.syncMirror(job);
      job.state = 'ready';
    }
    this.diskBytesSent += bytes;
    return { ok: true, detail: `${bytes} bytes mirrored, READY after ${(readyMs / 1000).toFixed(3)} s (block-stream model: ${timed.copy.limitedBy}-bound) while the guest wrote ${writes} times` };
  }

  /** How long the model watched a copy that never finished (its time limit). */
  private mirrorHorizonMs(copy: StorageCopy): number {
    return copy.throughputBytesPerSecond > 0 ? Math.max(3_600_000, (3 * copy.diskBytes * 1000) / copy.throughputBytesPerSecond) : 3_600_000;
  }

  private migrate(qemu: SimQemu, effect: Extract<Effect, { kind: 'migrate' }>, copyDisks: readonly string[]): EffectResult {
    // qemuMigrationSrcRun checks for an abort right before `migrate` as well.
    if (this.abortHits(qemu.side)) {
      return { ok: false, code: 'operation-aborted', message: abortedMessage };
    }
    const flagsGiven = effect.blk !== null || effect.inc !== null;
    if (flagsGiven && !qemu.caps.has('block-migration')) {
      return { ok: false, code: 'block-migration-unavailable', message: `Parameter '${effect.blk !== null ? 'blk' : 'inc'}' is unexpected` };
    }
    const target = this.qemu.target;
    if (!target.running || !target.incoming) return { ok: false, code: 'connection-lost', message: 'migration failed: Connection refused' };
    // blk/inc: QEMU's old block migration copies the disks inside the migration stream, timed by
    // the block-stream model's legacy migration; RAM alone goes at the link's rate.
    const blockCopy = effect.blk === true || effect.inc === true;
    const diskBytes = blockCopy ? this.copiedBytes(copyDisks) : 0;
    let duration = (this.scenario.domain.memoryBytes / this.scenario.link.bandwidthBytesPerSecond) * 1000;
    if (blockCopy) {
      const timed = legacyCopy(this.scenario, diskBytes);
      if (!timed.ok) return { ok: false, code: 'cannot-simulate', message: timed.message };
      this.storageCopy = timed.copy;
      const completedMs = copyMs(timed.copy);
      if (completedMs === null) {
        // qemuMigrationSrcWaitForCompletion polls query-migrate with no timeout of its own.
        const waitedMs = this.mirrorHorizonMs(timed.copy);
        this.guestWrites(waitedMs, copyDisks);
        this.advance(waitedMs);
        return { ok: false, code: 'migration-hung', message: `the block migration never completed: ${timed.copy.reason ?? 'it did not converge'}`, hang: true };
      }
      duration = completedMs;
    }
    const writes = this.guestWrites(duration, copyDisks);
    this.advance(duration);
    if (blockCopy && !target.caps.has('block-migration')) {
      return { ok: false, code: 'block-migration-unavailable', message: "Unknown savevm section or instance 'block' 0" };
    }
    if (blockCopy) for (const disk of copyDisks) this.syncDisk(disk, effect.inc === true ? 'top' : 'full');
    this.ramBytesSent += this.scenario.domain.memoryBytes;
    this.diskBytesSent += diskBytes;
    qemu.paused = true;
    target.incoming = false;
    target.incomingPort = null;
    const what = diskBytes > 0 ? `${this.scenario.domain.memoryBytes} bytes of RAM and ${diskBytes} of disk` : `${this.scenario.domain.memoryBytes} bytes of RAM`;
    return { ok: true, detail: `${what} in ${duration.toFixed(1)} ms while the guest wrote ${writes} times` };
  }
}
