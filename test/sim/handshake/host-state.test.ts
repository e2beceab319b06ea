// Goal: the host state recorded in the trace is the world's own state at each moment: the
// destination's QEMU appears paused for the incoming guest, its NBD server with the disk's
// export, the source's mirror from running to READY, the guest paused on both sides during
// switchover and running on the destination at the end, as `result.final` says; a mirror that
// never gets READY shows part of the disk copied. Method: run review case 5 today (an NBD
// migration) and a mirror not READY in time, and read the snapshot of every phase start, effect and phase end.
import { describe, expect, it } from 'vitest';
import { parsePolicySpec } from '../../../src/model/policy.js';
import { parseSideSpec, type SideProfile } from '../../../src/model/versions/profile.js';
import type { HostStates } from '../../../src/sim/handshake/host-state.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario, type ScenarioOptions } from '../../../src/sim/handshake/scenario.js';
import type { TraceEvent } from '../../../src/sim/handshake/trace.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';

function profile(spec: string): SideProfile {
  const parsed = parseSideSpec(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.profile;
}

function run(options: Partial<ScenarioOptions> = {}) {
  return simulateHandshake(buildScenario({ source: profile(today), target: profile(today), copyStorage: 'all', ...options }));
}

type Snapshotted = Extract<TraceEvent, { kind: 'phase-start' | 'effect' | 'phase-end' }>;

function snapshots(trace: readonly TraceEvent[]): Snapshotted[] {
  return trace.filter((e): e is Snapshotted => e.kind === 'phase-start' || e.kind === 'effect' || e.kind === 'phase-end');
}

function after(trace: readonly TraceEvent[], test: (e: Snapshotted) => boolean): HostStates {
  const found = snapshots(trace).find(test);
  if (!found?.hosts) throw new Error('no such event (or no host state recorded)');
  return found.hosts;
}

const effect = (kind: string) => (e: Snapshotted): boolean => e.kind === 'effect' && e.effect.kind === kind;

describe('host state per step', () => {
  const result = run();
  const { trace } = result;

  it('records both hosts at the start and end of every phase and after every effect', () => {
    expect(result.outcome).toMatchObject({ result: 'completed', storage: 'nbd' });
    expect(snapshots(trace).length).toBe(trace.filter((e) => e.kind === 'effect').length + 2 * result.phases.length);
    const start = snapshots(trace)[0]?.hosts;
    expect(start?.source).toMatchObject({ libvirt: { phase: 'begin', status: 'in-phase' }, qemu: 'running' });
    expect(start?.target.qemu).toBe('absent');
    const begin = after(trace, (e) => e.kind === 'phase-end' && e.phase === 'begin');
    expect(begin.source).toMatchObject({ libvirt: { phase: 'begin', status: 'done' }, qemu: 'running', nbdServer: null, mirrors: [] });
    expect(begin.target).toMatchObject({ libvirt: { phase: null, status: 'idle' }, qemu: 'absent' });
    expect(begin.domainRunsOn).toEqual(['source']);
  });

  it('follows the destination: paused for the incoming guest, NBD server and export, resumed', () => {
    expect(after(trace, effect('start-incoming')).target.qemu).toBe('incoming-paused');
    const prepared = after(trace, (e) => e.kind === 'phase-end' && e.phase === 'prepare');
    expect(prepared.target.libvirt).toEqual({ phase: 'prepare', status: 'done', cancelled: false });
    expect(prepared.target.nbdServer?.exports.map((x) => x.disk)).toEqual(['vda']);
    const port = prepared.target.nbdServer?.port;
    expect(trace.some((e) => e.kind === 'effect' && e.effect.kind === 'nbd-server-start' && e.effect.port === port)).toBe(true);
    expect(after(trace, effect('nbd-server-stop')).target.nbdServer).toBeNull();
    expect(after(trace, effect('resume')).target.qemu).toBe('running');
  });

  it('follows the mirror from its start to READY, and the guest through switchover', () => {
    const started = after(trace, effect('mirror-start')).source.mirrors;
    expect(started).toEqual([expect.objectContaining({ disk: 'vda', state: 'running', copiedBytes: 0, totalBytes: 10 * 1024 ** 3 })]);
    const port = after(trace, effect('nbd-server-start')).target.nbdServer?.port;
    expect(started[0]?.target).toBe(`192.0.2.20:${port}/drive-virtio-disk0`);
    const ready = after(trace, effect('mirror-wait-ready')).source.mirrors;
    expect(ready).toEqual([expect.objectContaining({ state: 'ready', copiedBytes: 10 * 1024 ** 3 })]);
    const switched = after(trace, effect('migrate'));
    expect([switched.source.qemu, switched.target.qemu, switched.domainRunsOn]).toEqual(['paused', 'paused', []]);
  });

  it('ends where result.final says, with the guest on the destination', () => {
    const last = snapshots(trace).at(-1)?.hosts;
    expect(last?.domainRunsOn).toEqual(['target']);
    for (const side of ['source', 'target'] as const) {
      const state = last?.[side];
      const { running, paused, nbdServer, mirrors } = result.final[side];
      // A stopped QEMU keeps its last pause flag in result.final; the snapshot just says it is gone.
      expect(state?.qemu).toBe(!running ? 'absent' : paused ? 'paused' : 'running');
      expect({ nbdServer: state?.nbdServer !== null, mirrors: state?.mirrors.length }).toEqual({ nbdServer, mirrors });
    }
  });

  it('shows the part of the disk copied when the mirror is not READY in time', () => {
    const policy = parsePolicySpec('libvirt,ready-timeout=2000');
    if (!policy.ok) throw new Error(policy.message);
    // 10 GiB over 100 MiB/s takes about 100 s to get READY; the policy waits 2 s.
    const stuck = run({ policy: policy.policy, link: { bandwidthBytesPerSecond: 100 * 1024 ** 2 }, guestWrites: null });
    expect(stuck.outcome.error?.code).toBe('mirror-ready-timeout');
    const mirror = after(stuck.trace, effect('mirror-wait-ready')).source.mirrors[0];
    expect(mirror?.state).toBe('running');
    expect(mirror?.copiedBytes).toBeGreaterThan(0);
    expect(mirror?.copiedBytes).toBeLessThan(mirror?.totalBytes ?? 0);
  });

  it('is observation only: without it (as the fuzzer runs) every run ends, decides and sends exactly the same', () => {
    const strip = (events: readonly TraceEvent[]) => events.map((event) => {
      if (!('hosts' in event)) return event;
      const { hosts: _hosts, ...rest } = event;
      return rest;
    });
    for (const pair of ['libvirt=9.0.0,qemu=7.2.0', 'libvirt=1.0.2,qemu=1.3.0', 'libvirt=7.4.0,qemu=6.0.0']) {
      for (const copyStorage of ['all', 'inc', 'none'] as const) {
        const options: ScenarioOptions = { source: profile(today), target: profile(pair), copyStorage, abort: copyStorage === 'inc' ? 'mirror' : null };
        const seen = simulateHandshake(buildScenario(options));
        const unseen = simulateHandshake(buildScenario({ ...options, recordHostStates: false }));
        expect(unseen.trace.some((event) => 'hosts' in event)).toBe(false);
        expect(strip(unseen.trace)).toEqual(strip(seen.trace));
        expect([unseen.outcome, unseen.findings, unseen.final]).toEqual([seen.outcome, seen.findings, seen.final]);
      }
    }
  });
});
