// Goal: a simulated libvirt 9.0 / QEMU 7.2 pair behaves as the real pair was seen to
// (docs/evidence.md E1) and reacts to rewritten cookies as the real daemons did (E2), with the
// unsafe outcomes reported as findings under the libvirt policy and fixed under strict. Method: run
// the pair, read each phase's cookie with our parser, and rewrite cookies in flight with an
// interceptor.
import { describe, expect, it } from 'vitest';
import { parseCookie } from '../../../src/model/cookie/index.js';
import { strictPolicy } from '../../../src/model/policy.js';
import { parseSideSpec, type SideProfile } from '../../../src/model/versions/profile.js';
import type { Phase } from '../../../src/model/migration/types.js';
import { simulateHandshake, type HandshakeResult } from '../../../src/sim/handshake/run.js';
import { buildScenario, type CookieInterceptor, type ScenarioOptions } from '../../../src/sim/handshake/scenario.js';

function profile(spec: string): SideProfile {
  const parsed = parseSideSpec(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.profile;
}

const pair = { source: profile('libvirt=9.0.0,qemu=7.2.0'), target: profile('libvirt=9.0.0,qemu=7.2.0') };

function run(options: Partial<ScenarioOptions> = {}): HandshakeResult {
  return simulateHandshake(buildScenario({ ...pair, copyStorage: 'all', ...options }));
}

function cookieOf(result: HandshakeResult, phase: Phase): string {
  const cookie = result.phases.find((p) => p.phase === phase && !p.cancelled)?.cookie;
  if (!cookie) throw new Error(`no ${phase} cookie`);
  return cookie;
}

/** Rewrites the cookie sent by one phase. */
function rewrite(phase: Phase, edit: (xml: string) => string): CookieInterceptor {
  return (cookie) => ({ action: 'deliver', xml: cookie.phase === phase ? edit(cookie.xml) : cookie.xml, note: cookie.phase === phase ? 'rewritten' : undefined });
}

const effects = (result: HandshakeResult): string[] => result.trace.flatMap((e) => (e.kind === 'effect' && e.result === 'ok' ? [`${e.side}:${e.effect.kind}`] : []));

describe('libvirt 9.0 / QEMU 7.2: the cookies the real pair exchanged (evidence E1)', () => {
  const result = run();

  it('completes over NBD', () => {
    expect(result.outcome).toEqual({ result: 'completed', storage: 'nbd', error: null });
    expect(result.findings).toEqual([]);
  });

  it('Begin: lockstate feature, <nbd> without port listing the disks, <cpu>, capabilities (source auto: pause-before-switchover)', () => {
    const begin = cookieOf(result, 'begin');
    expect(begin).toContain("  <feature name='lockstate'/>\n");
    expect(begin).not.toContain('<lockstate');
    expect(begin).toContain("  <nbd>\n    <disk target='vda' capacity='10737418240'/>\n  </nbd>\n");
    expect(begin).toMatch(/<cpu mode=/);
    expect(begin.match(/auto='yes'/g)).toEqual(["auto='yes'"]);
    expect(begin).toContain("<cap name='pause-before-switchover' auto='yes'/>");
  });

  it('Prepare: SPICE graphics, <nbd port> with the disks, capabilities (destination auto: late-block-activate)', () => {
    const prepare = cookieOf(result, 'prepare');
    expect(prepare).toContain("  <graphics type='spice' port='5900' listen='0.0.0.0' tlsPort='-1'/>\n");
    expect(prepare).toContain("  <nbd port='49153'>\n    <disk target='vda' capacity='10737418240'/>\n  </nbd>\n");
    expect(prepare).toContain("<cap name='late-block-activate' auto='yes'/>");
    const parsed = parseCookie(prepare, { phase: 'perform', libvirt: '9.0.0' });
    expect(parsed.ok && parsed.cookie.nbd?.port).toBe(49153);
  });

  it('Perform: <nbd> without port and statistics; Finish: statistics with delta, no <nbd>', () => {
    const perform = cookieOf(result, 'perform');
    expect(perform).toContain("  <nbd>\n    <disk target='vda'");
    expect(perform).toContain('<statistics>');
    const finish = cookieOf(result, 'finish');
    expect(finish).toContain('<delta>');
    expect(finish).not.toContain('<nbd');
  });

  it('Perform with --persistent adds the persistent feature and the domain', () => {
    const perform = cookieOf(run({ persistent: true }), 'perform');
    expect(perform).toContain("  <feature name='persistent'/>\n");
    expect(perform).toMatch(/\n {2}<domain type='kvm'>\n {4}<name>migsim-demo<\/name>/);
  });

  it('runs the QMP steps of the real pair in order', () => {
    expect(effects(result)).toEqual([
      'target:start-incoming', 'target:nbd-server-start', 'target:nbd-export-add',
      'source:mirror-start', 'source:mirror-wait-ready', 'source:migrate', 'source:mirror-complete',
      'target:nbd-server-stop', 'target:resume', 'source:stop-qemu',
    ]);
    const mirror = result.trace.find((e) => e.kind === 'effect' && e.effect.kind === 'mirror-start');
    expect(mirror?.kind === 'effect' && mirror.effect).toMatchObject({ command: 'blockdev-mirror', port: 49153, export: 'drive-virtio-disk0', sync: 'full' });
  });

  it('tunnelled + storage fails in Prepare on 9.0, in Begin today', () => {
    expect(run({ mode: 'tunnelled' }).outcome.error).toMatchObject({ code: 'tunnelled-storage-unsupported', phase: 'prepare', message: "argument key 'host' must not have null value" });
    const today = simulateHandshake(buildScenario({ source: profile('libvirt=12.5.0,qemu=9.2.0'), target: profile('libvirt=12.5.0,qemu=9.2.0'), copyStorage: 'all', mode: 'tunnelled' }));
    expect(today.outcome.error).toMatchObject({ code: 'tunnelled-storage-unsupported', phase: 'begin' });
  });
});

describe('libvirt 9.0 under rewritten cookies (evidence E2)', () => {
  it('Prepare rejects a malformed port before starting QEMU', () => {
    const result = run({ interceptor: rewrite('begin', (xml) => xml.replace('<nbd>', "<nbd port='0x10'>")) });
    expect(result.outcome.error).toMatchObject({ code: 'malformed-nbd-port', phase: 'prepare', message: "Malformed nbd port '0x10'" });
    expect(effects(result)).not.toContain('target:start-incoming');
  });

  it('the first port in document order wins: a port-less <nbd/> does not hide a later port', () => {
    const result = run({ interceptor: rewrite('prepare', (xml) => xml.replace("<nbd port='49153'>", "<nbd/>\n  <nbd port='49153'>")) });
    expect(result.outcome).toMatchObject({ result: 'completed', storage: 'nbd' });
  });

  it('a negative port is sent as unsigned and cannot be resolved; strict refuses it up front', () => {
    const edit = rewrite('prepare', (xml) => xml.replace("port='49153'", "port='-5'"));
    expect(run({ interceptor: edit }).outcome.error).toMatchObject({ code: 'nbd-address-unresolvable', phase: 'perform' });
    expect(run({ interceptor: edit, policy: strictPolicy }).outcome.error).toMatchObject({ code: 'nbd-port-out-of-range', phase: 'perform' });
  });

  it('port 70000 connects to port 4464; an empty port means port 0', () => {
    const wrapped = run({ interceptor: rewrite('prepare', (xml) => xml.replace("port='49153'", "port='70000'")) });
    expect(wrapped.outcome.error?.message).toContain(':4464');
    const empty = run({ interceptor: rewrite('prepare', (xml) => xml.replace("port='49153'", "port=''")) });
    expect(empty.outcome.error).toMatchObject({ code: 'nbd-connect-failed' });
    expect(empty.outcome.error?.message).toContain(':0');
  });

  it('no <nbd> in the Prepare reply: Perform fails and the destination aborts', () => {
    const result = run({ interceptor: rewrite('prepare', (xml) => xml.replace(/ {2}<nbd[\s\S]*?<\/nbd>\n/, '')) });
    expect(result.outcome.error).toMatchObject({ code: 'nbd-not-set-up', phase: 'perform' });
    expect(result.phases.some((p) => p.phase === 'finish' && p.cancelled)).toBe(true);
    expect(result.findings).toEqual([]);
  });

  it('no <nbd> in the Perform cookie: completes, but the NBD server is left running (fixed by strict)', () => {
    const edit = rewrite('perform', (xml) => xml.replace(/ {2}<nbd>[\s\S]*?<\/nbd>\n/, ''));
    const libvirt = run({ interceptor: edit });
    expect(libvirt.outcome).toMatchObject({ result: 'completed', storage: 'nbd' });
    expect(libvirt.findings.map((f) => f.invariant)).toEqual(['nbd-server-left-running']);
    expect(run({ interceptor: edit, policy: strictPolicy }).findings).toEqual([]);
  });

  it('a port pointing at the incoming migration port hangs Perform; strict times out', () => {
    const edit = rewrite('prepare', (xml) => xml.replace("port='49153'", "port='49152'"));
    const hung = run({ interceptor: edit });
    expect(hung.outcome.error).toMatchObject({ code: 'migration-hung', phase: 'perform' });
    expect(hung.findings.map((f) => f.invariant)).toContain('unbounded-wait');
    const bounded = run({ interceptor: edit, policy: strictPolicy });
    expect(bounded.outcome.error).toMatchObject({ code: 'nbd-connect-timeout' });
    expect(bounded.findings).toEqual([]);
  });

  it('a Finish-phase rejection comes after all data moved; the source resumes', () => {
    const result = run({ interceptor: rewrite('perform', (xml) => xml.replace('c7a5fdbd-edaf-9455-926a-d65c16db1809', 'C7A5FDBD-EDAF-9455-926A-D65C16DB1809')) });
    expect(result.outcome.error).toMatchObject({ code: 'uuid-mismatch', phase: 'finish' });
    expect(result.final).toMatchObject({ source: { running: true, paused: false }, target: { running: false } });
  });

  it('two <nbd> in the Begin cookie are accepted and their disks merged; strict refuses', () => {
    const edit = rewrite('begin', (xml) => xml.replace('  </nbd>\n', "  </nbd>\n  <nbd>\n    <disk target='vda' capacity='1'/>\n  </nbd>\n"));
    expect(run({ interceptor: edit }).outcome).toMatchObject({ result: 'completed', storage: 'nbd' });
    expect(run({ interceptor: edit, policy: strictPolicy }).outcome.error).toMatchObject({ code: 'duplicate-element', phase: 'prepare' });
  });

  it('a disk the destination does not have is refused in Prepare', () => {
    const result = run({ interceptor: rewrite('begin', (xml) => xml.replace("target='vda'", "target='vdz'")) });
    expect(result.outcome.error).toMatchObject({ code: 'unknown-disk-target', phase: 'prepare', message: "unable to find disk target 'vdz' for non-shared-storage migration" });
  });
});
