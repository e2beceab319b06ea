// Renderings of a simulated migration: a readable step-by-step trace, the JSON object of
// `migsim simulate --json`, and a Mermaid sequence diagram. Pure functions of the run, so the
// CLI and the browser explorer show the same thing.
import { formatDiskList } from '../model/migration/disk-spec.js';
import type { Decision, Effect, Phase, Side } from '../model/migration/types.js';
import { switchValues } from '../model/policy.js';
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { Scenario } from '../sim/handshake/scenario.js';
import type { StorageCopy } from '../sim/handshake/storage-copy.js';
import type { TraceEvent } from '../sim/handshake/trace.js';

const phaseTitle = { begin: 'Begin', prepare: 'Prepare', perform: 'Perform', finish: 'Finish', confirm: 'Confirm' } as const;

export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'start-incoming': return `start QEMU with -incoming${effect.port !== undefined ? ` on port ${effect.port}` : ''} (paused)`;
    case 'nbd-server-start': {
      const host = effect.host === null ? '(null)' : effect.host.includes(':') ? `[${effect.host}]` : effect.host;
      return `nbd-server-start on ${host}:${effect.port}${effect.tls ? ' with TLS' : ''}`;
    }
    case 'nbd-export-add': return `export disk ${effect.disk} as '${effect.name}' (writable)`;
    case 'mirror-start': return `${effect.command} ${effect.disk} → nbd${effect.tls ? '+tls' : ''}://${effect.host}:${effect.port}/${effect.export} (sync ${effect.sync})`;
    case 'mirror-wait-ready': return 'wait until every mirror is READY';
    case 'migrate': {
      const flags = [effect.blk !== null ? `blk=${effect.blk}` : null, effect.inc !== null ? `inc=${effect.inc}` : null].filter((f) => f !== null);
      return `migrate${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
    }
    case 'mirror-complete': return 'block-job-cancel at switchover (the copy is complete and consistent)';
    case 'mirror-cancel': return 'cancel block jobs';
    case 'nbd-server-stop': return 'nbd-server-stop';
    case 'resume': return 'cont (resume the guest)';
    case 'stop-qemu': return 'stop the QEMU process';
    case 'create-volume': return `create the image of ${effect.disk} in a storage pool (${effect.capacityBytes} bytes)`;
    case 'define-domain': return effect.persistent ? 'define the domain persistently' : 'keep the domain transient';
  }
}

export function outcomeSentence(result: HandshakeResult): string {
  const { outcome } = result;
  if (outcome.result === 'completed') {
    const how = { nbd: 'storage copied over NBD (mirror into the destination\'s NBD server)', legacy: 'storage copied by QEMU\'s old block migration (migrate blk/inc)', none: 'no storage copied' }[outcome.storage];
    return `completed: ${how}`;
  }
  return `failed in ${outcome.error.phase}: [${outcome.error.code}] ${outcome.error.message}`;
}

function indent(text: string, prefix: string): string {
  return text.trimEnd().split('\n').map((line) => prefix + line).join('\n');
}

function eventLines(event: TraceEvent, showCookies: boolean): string[] {
  const at = `[${event.atMs.toFixed(3).padStart(11)} ms] `;
  const pad = ' '.repeat(at.length);
  switch (event.kind) {
    case 'phase-start': return [`${at}${phaseTitle[event.phase].toUpperCase()} on ${event.side}${event.cancelled ? ' (cancelled: cleaning up)' : ''}`];
    case 'decision': return [`${pad}decides: ${event.decision.text}`, `${pad}         (${event.decision.rule})`];
    case 'effect': {
      const status = event.result === 'ok' ? `ok${event.detail ? ` (${event.detail})` : ''}` : `${event.result.toUpperCase()} [${event.code ?? ''}] ${event.message ?? ''}`;
      return [`${pad}qemu:    ${describeEffect(event.effect)} → ${status}`];
    }
    case 'phase-end': return event.ok ? [] : [`${pad}FAILS:   [${event.error?.code ?? ''}] ${event.error?.message ?? ''}`];
    case 'cookie': {
      const head = `${at}cookie ${phaseTitle[event.phase]} ${event.route.join(' → ')} (${event.xml.length} bytes)${event.fault ? ` — fault: ${event.fault}` : ''}`;
      const body = showCookies ? [indent(event.mutated ?? event.xml, pad + '  ')] : [];
      return [head, ...body];
    }
    case 'finding': return [`${at}FINDING [${event.finding.invariant}] ${event.finding.message}`, `${pad}         ${event.finding.explanation} (${event.finding.source})`];
  }
}

export function scenarioLine(scenario: Scenario): string {
  const { request } = scenario;
  return `source ${scenario.source.profile.name} → target ${scenario.target.profile.name}\n` +
    `copy storage ${request.copyStorage}, mode ${request.mode}, policy ${scenario.policy.name}, seed ${scenario.seed}`;
}

export function traceText(scenario: Scenario, result: HandshakeResult, options: { cookies: boolean } = { cookies: true }): string {
  const lines = [scenarioLine(scenario), `protocol ${result.protocol}`, ''];
  for (const event of result.trace) lines.push(...eventLines(event, options.cookies));
  lines.push('', `OUTCOME ${outcomeSentence(result)}`);
  lines.push(result.findings.length === 0 ? 'findings: none (every invariant holds)' : `findings: ${result.findings.map((f) => f.invariant).join(', ')}`);
  lines.push(`trace hash ${result.traceHash}, ${result.durationMs.toFixed(1)} ms of virtual time`);
  return lines.join('\n') + '\n';
}

/** The one error object of every JSON output: a stable code, the message, the phase if any. */
export interface ErrorJson {
  readonly code: string;
  readonly message: string;
  readonly phase?: Phase;
}

/** Sides as the command line names them: source and destination. */
export type SideName = 'source' | 'destination';

export function sideName(side: Side): SideName {
  return side === 'source' ? 'source' : 'destination';
}

export interface EffectJson {
  readonly kind: Effect['kind'];
  readonly description: string;
  readonly result: 'ok' | 'refused' | 'ignored';
  readonly code: string | null;
  readonly message: string | null;
  readonly detail: string | null;
}

export interface PhaseJson {
  readonly phase: Phase;
  readonly side: SideName;
  readonly cancelled: boolean;
  readonly ok: boolean;
  readonly error: Required<ErrorJson> | null;
  readonly decisions: readonly Decision[];
  /** The cookie the phase sent, as XML, or null. */
  readonly cookie: string | null;
  /** What the side asked its QEMU to do, and QEMU's answer. */
  readonly effects: readonly EffectJson[];
  readonly atMs: number;
}

export interface FindingJson {
  readonly code: string;
  readonly resource: string;
  readonly message: string;
  readonly phase: Phase | null;
  readonly explanation: string;
  readonly source: string;
}

export interface StorageCopyJson {
  readonly model: StorageCopy['model'];
  readonly diskBytes: number;
  /** Until the mirror is READY, or the block migration complete; null: never, within the model's time limit. */
  readonly durationSeconds: number | null;
  readonly throughputBytesPerSecond: number;
  readonly limitedBy: string;
  readonly reason: string | null;
  readonly guestWriteBytesPerSecond: number;
}

export interface ScenarioJson {
  readonly source: string;
  readonly destination: string;
  readonly copyStorage: Scenario['request']['copyStorage'];
  readonly mode: Scenario['request']['mode'];
  readonly persistent: boolean;
  readonly offline: boolean;
  readonly unsafe: boolean;
  readonly tls: boolean;
  readonly migrateDisks: readonly string[] | null;
  readonly disks: string;
  readonly graphics: 'none' | 'vnc' | 'spice';
  readonly abort: Scenario['abort'];
  readonly destinationDisk: Scenario['destinationDisk'];
  readonly nbdPortRange: { readonly min: number; readonly max: number };
  readonly portsInUse: readonly number[];
  readonly link: { readonly bandwidthBytesPerSecond: number; readonly rttMs: number };
  readonly guestWrites: { readonly rateBytesPerSecond: number; readonly writeSizeBytes: number } | null;
  readonly policy: { readonly name: string; readonly switches: Readonly<Record<string, string>> };
  readonly seed: number;
}

type EndState = { readonly running: boolean; readonly paused: boolean; readonly nbdServer: boolean; readonly mirrors: number };

interface RunJsonBase {
  readonly protocol: HandshakeResult['protocol'];
  readonly scenario: ScenarioJson;
  readonly phases: readonly PhaseJson[];
  readonly findings: readonly FindingJson[];
  /** Where each side ends: domain running or paused, NBD server and mirror jobs left. */
  readonly final: Readonly<Record<SideName, EndState>>;
  readonly storageCopy: StorageCopyJson | null;
  /** Virtual time of the whole run. */
  readonly durationSeconds: number;
  readonly traceHash: string;
}

/** `migsim simulate --json`: one run, completed or failed (docs/schemas/simulate.schema.json). */
export type SimulateJson =
  | RunJsonBase & { readonly result: 'completed'; readonly storage: 'nbd' | 'legacy' | 'none'; readonly error: null }
  | RunJsonBase & { readonly result: 'failed'; readonly storage: 'nbd' | 'legacy' | 'none'; readonly error: Required<ErrorJson> };

function effectsOf(result: HandshakeResult, phase: Phase, side: Side, atMs: number): EffectJson[] {
  const start = result.trace.findIndex((e) => e.kind === 'phase-start' && e.phase === phase && e.side === side && e.atMs === atMs);
  const effects: EffectJson[] = [];
  for (const event of result.trace.slice(start < 0 ? result.trace.length : start + 1)) {
    if (event.kind === 'phase-start' || (event.kind === 'phase-end' && event.phase === phase && event.side === side)) break;
    if (event.kind !== 'effect' || event.side !== side) continue;
    effects.push({
      kind: event.effect.kind, description: describeEffect(event.effect), result: event.result,
      code: event.code ?? null, message: event.message ?? null, detail: event.detail ?? null,
    });
  }
  return effects;
}

export function scenarioJson(scenario: Scenario): ScenarioJson {
  const { request } = scenario;
  return {
    source: scenario.source.profile.name, destination: scenario.target.profile.name, copyStorage: request.copyStorage, mode: request.mode,
    persistent: request.persistent, offline: request.offline ?? false, unsafe: request.unsafe ?? false, tls: request.tls, migrateDisks: request.migrateDisks,
    disks: formatDiskList(scenario.domain.disks), graphics: scenario.domain.graphics ?? 'none', abort: scenario.abort,
    destinationDisk: scenario.destinationDisk, nbdPortRange: scenario.portRange, portsInUse: scenario.portsInUse,
    link: { bandwidthBytesPerSecond: scenario.link.bandwidthBytesPerSecond, rttMs: 2 * scenario.link.latencyMs },
    guestWrites: scenario.guestWrites && { rateBytesPerSecond: scenario.guestWrites.rateBytesPerSecond, writeSizeBytes: scenario.guestWrites.writeSizeBytes },
    policy: { name: scenario.policy.name, switches: switchValues(scenario.policy) },
    seed: scenario.seed,
  };
}

export function storageCopyJson(copy: StorageCopy | null): StorageCopyJson | null {
  if (copy === null) return null;
  const { seconds, ...rest } = copy;
  return { ...rest, durationSeconds: seconds };
}

export function handshakeJson(scenario: Scenario, result: HandshakeResult): SimulateJson {
  const base: RunJsonBase = {
    protocol: result.protocol,
    scenario: scenarioJson(scenario),
    phases: result.phases.map((p) => ({
      phase: p.phase, side: sideName(p.side), cancelled: p.cancelled, ok: p.ok, error: p.error, decisions: p.decisions, cookie: p.cookie,
      effects: effectsOf(result, p.phase, p.side, p.atMs), atMs: p.atMs,
    })),
    findings: result.findings.map((f) => ({ code: f.invariant, resource: f.resource, message: f.message, phase: f.phase, explanation: f.explanation, source: f.source })),
    final: { source: result.final.source, destination: result.final.target },
    storageCopy: storageCopyJson(result.storageCopy),
    durationSeconds: result.durationMs / 1000,
    traceHash: result.traceHash,
  };
  const { outcome } = result;
  return outcome.result === 'completed'
    ? { ...base, result: 'completed', storage: outcome.storage, error: null }
    : { ...base, result: 'failed', storage: outcome.storage, error: { code: outcome.error.code, message: outcome.error.message, phase: outcome.error.phase } };
}

const alias: Readonly<Record<Side | 'client', string>> = { source: 'S', target: 'T', client: 'C' };

/**
 * Text Mermaid shows as written: `;` ends a statement and `#` starts an entity code, so both
 * go first; the entities written for `<` and `>` then keep their own `;`.
 */
export function mermaidText(text: string): string {
  return text.replace(/[;#]/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function cookieSummary(xml: string): string {
  const nbd = /<nbd(?: port='(-?\d+)')?/.exec(xml);
  if (!nbd) return 'no <nbd>';
  return nbd[1] ? `<nbd port=${nbd[1]}>` : '<nbd> without port';
}

export function handshakeMermaid(scenario: Scenario, result: HandshakeResult): string {
  const lines = ['sequenceDiagram'];
  if (scenario.request.mode === 'regular') lines.push('  participant C as Client');
  lines.push(`  participant S as Source (${scenario.source.profile.name})`, `  participant T as Target (${scenario.target.profile.name})`);
  for (const event of result.trace) {
    const side = 'side' in event ? alias[event.side] : '';
    if (event.kind === 'phase-start') lines.push(`  Note over ${side}: ${phaseTitle[event.phase]}${event.cancelled ? ' (cancelled)' : ''}`);
    else if (event.kind === 'decision') lines.push(`  Note right of ${side}: ${mermaidText(event.decision.text)}`);
    else if (event.kind === 'cookie') {
      const summary = mermaidText(`${phaseTitle[event.phase]} cookie, ${cookieSummary(event.mutated ?? event.xml)}${event.fault ? `, ${event.fault}` : ''}`);
      for (let i = 1; i < event.route.length; i += 1) {
        const from = event.route[i - 1];
        const to = event.route[i];
        if (from && to) lines.push(`  ${alias[from]}->>${alias[to]}: ${summary}`);
      }
    } else if (event.kind === 'effect' && (event.effect.kind === 'mirror-start' || event.effect.kind === 'migrate')) {
      lines.push(`  ${side}-)T: ${mermaidText(describeEffect(event.effect))}${event.result === 'ok' ? '' : ` ✗ ${event.code ?? ''}`}`);
    } else if (event.kind === 'phase-end' && !event.ok) lines.push(`  Note over ${side}: ✗ ${mermaidText(event.error?.code ?? '')}`);
  }
  lines.push(`  Note over S,T: ${mermaidText(outcomeSentence(result))}`);
  return lines.join('\n') + '\n';
}
