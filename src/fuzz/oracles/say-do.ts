// Say-vs-do oracles: what a peer says in its cookies against what it then does. Each compares a
// peer's own words (its cookie as it sent it, before any fault on the link) with its own deeds
// (the effects its QEMU carried out), so a failure is always that peer's:
// - the port of the destination's Prepare reply vs the port its NBD server listens on;
// - the disks the destination exports vs the disks it must receive (and the ones its reply lists);
// - `<nbd>` in the source's Perform cookie vs the storage path the source took;
// - the NBD server the destination stops in Finish vs the one its Prepare started.
import type { ParseResult } from '../../model/cookie/parse.js';
import { parseCookieShared } from '../../model/cookie/parse-shared.js';
import { copiedDisks } from '../../model/migration/disks.js';
import type { Effect, Phase, Side } from '../../model/migration/types.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { Scenario } from '../../sim/handshake/scenario.js';
import type { TraceEvent } from '../../sim/handshake/trace.js';
import { receiverContext } from './receiver.js';
import type { OracleFailure } from './types.js';

type EffectEvent = Extract<TraceEvent, { kind: 'effect' }>;

/** The cookie `phase` sent, as its sender wrote it (before any fault), parsed for what it says. */
function sentCookie(result: HandshakeResult, phase: Phase): ParseResult | null {
  const event = result.trace.find((e) => e.kind === 'cookie' && e.phase === phase);
  return event?.kind === 'cookie' ? parseCookieShared(event.xml, { phase: 'all' }) : null;
}

function effectsOf(result: HandshakeResult, side: Side, phase: Phase, cancelled = false): EffectEvent[] {
  const out: EffectEvent[] = [];
  let inside = false;
  for (const event of result.trace) {
    if (event.kind === 'phase-start') inside = event.side === side && event.phase === phase && event.cancelled === cancelled;
    else if (event.kind === 'phase-end') inside = false;
    else if (inside && event.kind === 'effect') out.push(event);
  }
  return out;
}

const ok = (events: readonly EffectEvent[], kind: Effect['kind']): EffectEvent[] => events.filter((e) => e.effect.kind === kind && e.result === 'ok');

function fail(oracle: string, resource: string, message: string): OracleFailure {
  return { oracle, message, resource };
}

/** The port the Prepare reply announces vs the port the destination's NBD server listens on. */
export function portSaidVsListened(result: HandshakeResult): OracleFailure[] {
  const reply = sentCookie(result, 'prepare');
  if (!reply?.ok) return [];
  const started = ok(effectsOf(result, 'target', 'prepare'), 'nbd-server-start').map((e) => e.effect);
  const said = reply.cookie.nbd;
  const server = started[0]?.kind === 'nbd-server-start' ? started[0] : null;
  if (said && said.port !== 0 && server === null) {
    return [fail('say-do-nbd-port', 'target:nbd-server', `the destination's Prepare reply offers <nbd port='${said.port}'> but it started no NBD server`)];
  }
  if (said && server && said.port !== server.port) {
    return [fail('say-do-nbd-port', 'target:nbd-server', `the destination's Prepare reply says port ${said.port}, its NBD server listens on ${server.port}`)];
  }
  if (!said && server) {
    return [fail('say-do-nbd-port', 'target:nbd-server', `the destination started an NBD server on port ${server.port} but its Prepare reply offers no <nbd>: nobody will use or stop it`)];
  }
  return [];
}

/** The disks the destination exports vs those it must receive, and vs the disks its reply lists. */
export function exportsVsDisks(scenario: Scenario, result: HandshakeResult): OracleFailure[] {
  const exported = ok(effectsOf(result, 'target', 'prepare'), 'nbd-export-add').flatMap((e) => (e.effect.kind === 'nbd-export-add' ? [e.effect.disk] : []));
  if (exported.length === 0) return [];
  const expected = copiedDisks(scenario.domain, scenario.request).map((d) => d.target);
  const extra = exported.filter((disk) => !expected.includes(disk));
  const missing = expected.filter((disk) => !exported.includes(disk));
  const failures: OracleFailure[] = [];
  if (extra.length > 0 || missing.length > 0) {
    const parts = [extra.length > 0 ? `exports ${extra.join(', ')}, which is not to be copied` : '', missing.length > 0 ? `does not export ${missing.join(', ')}` : ''].filter((p) => p !== '');
    failures.push(fail('say-do-exports', 'target:nbd-exports', `the destination ${parts.join(' and ')} (disks to copy: ${expected.join(', ') || 'none'})`));
  }
  const reply = sentCookie(result, 'prepare');
  const listed = reply?.ok ? reply.cookie.nbd?.disks.map((d) => d.target) ?? [] : [];
  const unlisted = listed.length > 0 ? exported.filter((disk) => !listed.includes(disk)) : [];
  if (unlisted.length > 0) failures.push(fail('say-do-exports', 'target:nbd-exports', `the destination exports ${unlisted.join(', ')} but its Prepare reply does not list it`));
  return failures;
}

/** `<nbd>` in the source's Perform cookie vs whether the source mirrored its disks over NBD. */
export function performCookieVsPath(result: HandshakeResult): OracleFailure[] {
  const perform = sentCookie(result, 'perform');
  if (!perform?.ok) return [];
  const mirrored = ok(effectsOf(result, 'source', 'perform'), 'mirror-start').length > 0;
  if (mirrored && perform.cookie.nbd === null) {
    return [fail('say-do-perform-nbd', 'source:perform-cookie', 'the source mirrored its disks over NBD but its Perform cookie has no <nbd>, so the destination will not stop its NBD server')];
  }
  return [];
}

/** The NBD server the destination stops in Finish vs the one its Prepare started. */
export function stopVsStart(scenario: Scenario, result: HandshakeResult): OracleFailure[] {
  const started = ok(effectsOf(result, 'target', 'prepare'), 'nbd-server-start').length > 0;
  const finish = effectsOf(result, 'target', 'finish');
  const stops = finish.filter((e) => e.effect.kind === 'nbd-server-stop');
  if (!started && stops.length > 0) {
    return [fail('say-do-stop-unstarted', 'target:nbd-server', 'the destination stops an NBD server in Finish that its Prepare never started')];
  }
  // The Perform cookie as the destination's Finish read it: a Finish that reads <nbd> there must
  // stop its server (qemuMigrationDstStopNBDServer); one whose release does not read <nbd> in
  // Finish (before 1.2.11) never heard it, which nbd-server-left-running reports instead.
  const received = result.trace.find((e) => e.kind === 'cookie' && e.phase === 'perform');
  const read = received?.kind === 'cookie' && !received.dropped ? parseCookieShared(received.mutated ?? received.xml, receiverContext(scenario, 'finish')) : null;
  const finished = result.phases.some((p) => p.phase === 'finish' && !p.cancelled && p.ok);
  if (started && finished && read?.ok && read.cookie.nbd !== null && ok(finish, 'nbd-server-stop').length === 0) {
    return [fail('say-do-nbd-stop', 'target:nbd-server', "the Perform cookie the destination read carries <nbd> (the copy is over) yet its Finish does not stop the NBD server its Prepare started")];
  }
  return [];
}

export function sayVsDo(scenario: Scenario, result: HandshakeResult): OracleFailure[] {
  return [...portSaidVsListened(result), ...exportsVsDisks(scenario, result), ...performCookieVsPath(result), ...stopVsStart(scenario, result)];
}
