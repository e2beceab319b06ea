// Renderings of a simulated migration: a readable step-by-step trace, the JSON object of
// `migsim simulate --json`, and a Mermaid sequence diagram. Pure functions of the run, so the
// CLI and the browser explorer show the same thing.
import type { Effect, Side } from '../model/migration/types.js';
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { Scenario } from '../sim/handshake/scenario.js';
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

export function handshakeJson(scenario: Scenario, result: HandshakeResult): Record<string, unknown> {
  return {
    result: result.outcome.result,
    storage: result.outcome.storage,
    error: result.outcome.error,
    protocol: result.protocol,
    scenario: {
      source: scenario.source.profile.name, target: scenario.target.profile.name, copyStorage: scenario.request.copyStorage,
      mode: scenario.request.mode, policy: scenario.policy, seed: scenario.seed,
    },
    phases: result.phases,
    findings: result.findings,
    final: result.final,
    durationMs: result.durationMs,
    traceHash: result.traceHash,
  };
}

const alias: Readonly<Record<Side | 'client', string>> = { source: 'S', target: 'T', client: 'C' };

function mermaidText(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/[;#]/g, ' ');
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
