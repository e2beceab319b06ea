// `migsim explain`: one migration told phase by phase in plain words for someone learning the
// handshake, with each cookie shown and its `<nbd>` part marked.
import type { Phase } from '../model/migration/types.js';
import type { HandshakeResult } from '../sim/handshake/run.js';
import type { Scenario } from '../sim/handshake/scenario.js';
import type { TraceEvent } from '../sim/handshake/trace.js';
import { describeEffect, handshakeJson, outcomeSentence, sideName, type SideName, type SimulateJson } from './handshake.js';

/** In protocol v2 there are no cookies, so the phases say less. */
const purposeV2: Readonly<Partial<Record<Phase, string>>> = {
  prepare: 'The destination starts a paused QEMU waiting for the incoming migration. Protocol v2 carries no cookie, so nothing tells it about NBD.',
  perform: 'The source migrates the guest; with no cookie it cannot use NBD, so storage, if asked for, goes inside `migrate` (blk/inc). At the end it stops its own QEMU: v2 has no Confirm.',
  finish: 'The destination resumes the guest.',
};

const purpose: Readonly<Record<Phase, string>> = {
  begin: 'The source libvirt decides what it will offer and writes the first cookie. Nothing has moved yet.',
  prepare: 'The destination reads the source\'s cookie, starts a paused QEMU waiting for the incoming migration, and, if it was offered NBD and you asked for storage copy, starts an NBD server exporting the disks. Its reply tells the source where to send the disks.',
  perform: 'The source reads the reply and copies: with NBD it mirrors each disk into the destination\'s NBD server until the mirrors are in sync, then migrates the RAM; without NBD it either falls back to QEMU\'s old block migration inside `migrate` or gives up, depending on its age.',
  finish: 'The destination reads the source\'s last cookie, stops its NBD server if that cookie says NBD was used, and resumes the guest.',
  confirm: 'The source learns the destination runs the guest and stops its own QEMU (or, after a failure, resumes the guest where it was).',
};

/** The cookie with every line of the `<nbd>` element marked by `>>`. */
export function markNbd(xml: string): string {
  let inside = false;
  return xml.trimEnd().split('\n').map((line) => {
    const starts = /<nbd[\s/>]/.test(line);
    const mark = inside || starts;
    if (starts && !/\/>\s*$/.test(line) && !/<\/nbd>/.test(line)) inside = true;
    if (/<\/nbd>/.test(line)) inside = false;
    return (mark ? '  >> ' : '     ') + line;
  }).join('\n');
}

function capitalised(text: string): string {
  return text.length > 0 ? (text[0] ?? '').toUpperCase() + text.slice(1) : text;
}

function eventText(event: TraceEvent): string[] {
  switch (event.kind) {
    case 'decision': return [`   → ${capitalised(event.decision.text)}.`, `     (rule: ${event.decision.rule})`];
    case 'effect': return [`   QEMU on the ${event.side}: ${describeEffect(event.effect)}${event.result === 'ok' ? '.' : ` — ${event.result}: ${event.message ?? ''}`}`];
    case 'phase-end': return event.ok ? [] : [`   The phase fails: [${event.error?.code ?? ''}] ${event.error?.message ?? ''}`];
    case 'cookie': return [
      `   It sends its cookie (${event.xml.length} bytes) ${event.route.length > 2 ? 'through the client' : 'directly'} to the ${event.to}; the <nbd> part is marked >>:`,
      markNbd(event.mutated ?? event.xml),
    ];
    case 'finding': return [`   Note: ${event.finding.message}. ${event.finding.explanation}`];
    case 'phase-start': return [];
  }
}

function purposeOf(result: HandshakeResult, phase: Phase): string {
  return (result.protocol === 'v2' ? purposeV2[phase] : undefined) ?? purpose[phase];
}

export interface ExplainStep {
  readonly phase: Phase;
  readonly side: SideName;
  readonly cancelled: boolean;
  readonly purpose: string | null;
  readonly lines: readonly string[];
}

/** `migsim explain --json` (docs/schemas/explain.schema.json): the run, and the walk-through step by step. */
export interface ExplainJson {
  readonly run: SimulateJson;
  readonly steps: readonly ExplainStep[];
  readonly summary: string;
}

export function explainJson(scenario: Scenario, result: HandshakeResult): ExplainJson {
  const steps: { phase: Phase; side: SideName; cancelled: boolean; purpose: string | null; lines: string[] }[] = [];
  for (const event of result.trace) {
    if (event.kind === 'phase-start') {
      steps.push({ phase: event.phase, side: sideName(event.side), cancelled: event.cancelled, purpose: event.cancelled ? null : purposeOf(result, event.phase), lines: [] });
      continue;
    }
    steps.at(-1)?.lines.push(...eventText(event).flatMap((text) => text.split('\n')).map((line) => line.trimEnd()));
  }
  return { run: handshakeJson(scenario, result), steps, summary: `${outcomeSentence(result)}.` };
}

export function explainText(scenario: Scenario, result: HandshakeResult): string {
  const { request } = scenario;
  const lines = [
    `A migration of '${scenario.domain.name}' from ${scenario.source.profile.name} to ${scenario.target.profile.name},`,
    `copy storage: ${request.copyStorage}, ${request.mode} mode. Both sides speak migration protocol ${result.protocol}` +
      (result.protocol === 'v2' ? ' (one of them is older than libvirt 0.9.2, so there are no cookies at all).' : ': five phases, each passing an XML cookie to the next.'),
    '',
  ];
  let step = 0;
  for (const event of result.trace) {
    if (event.kind === 'phase-start') {
      step += 1;
      if (step > 1) lines.push('');
      lines.push(`${step}. ${event.phase[0]?.toUpperCase()}${event.phase.slice(1)}, on the ${event.side}${event.cancelled ? ' (cleaning up after the failure)' : ''}`);
      if (!event.cancelled) lines.push(`   ${purposeOf(result, event.phase)}`);
      continue;
    }
    lines.push(...eventText(event));
  }
  lines.push('', `In the end: ${outcomeSentence(result)}.`);
  return lines.join('\n') + '\n';
}
