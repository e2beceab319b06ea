// Blame by differential: whether a finding of a run with a designer's peer plug-in is libvirt's
// (a known, expected finding) is decided by running the very same case (seed, faults, scenario,
// policy) with libvirt's own built-in peers, never from the scenario alone. A finding counts as
// libvirt's only when the baseline shows the same oracle on the same resource (the NBD server of
// the same host, the same disk...); whatever the plug-in adds over the baseline is the plug-in's
// failure, with its oracle and a sentence saying which side differs and how.
import type { Phase } from '../../model/migration/types.js';
import type { HandshakeOutcome } from '../../sim/handshake/run.js';
import type { KnownFinding } from './known.js';
import type { Judgement, OracleFailure } from './types.js';

/** Which sides a plug-in replaced. */
export interface PluginSides {
  readonly source: boolean;
  readonly target: boolean;
}

const key = (finding: { readonly oracle: string; readonly resource?: string }): string => `${finding.oracle}|${finding.resource ?? ''}`;

function yours(sides: PluginSides): string {
  return sides.source && sides.target ? 'your peers' : sides.target ? 'your destination' : 'your source';
}

/** Why the finding is the plug-in's, in one sentence naming the sides. */
export function blameSentence(finding: { readonly oracle: string; readonly resource?: string }, sides: PluginSides): string {
  const who = yours(sides);
  switch (finding.oracle) {
    case 'nbd-server-left-running':
      return sides.target
        ? `libvirt's destination stops this NBD server on the same case (in Finish when the Perform cookie carries <nbd>, or by destroying the incoming QEMU on failure); ${who} leaves it running`
        : `with libvirt's source the destination stops this NBD server on the same case; with ${who} it does not (does your Perform cookie carry <nbd>?)`;
    case 'unbounded-wait':
      return `libvirt's own peers do not wait without bound on the same case; with ${who} the source waits forever (compare the port the destination offers with the one the source connects to)`;
    case 'accepted-invalid-cookie':
      return `libvirt's own peers send no such cookie on the same case; ${who} wrote it`;
    case 'domain-not-on-one-side':
      return `with libvirt's own peers the domain ends on exactly one side on the same case; with ${who} it does not`;
    case 'source-left-paused':
      return `with libvirt's own peers the source QEMU is gone once the migration completes on the same case; with ${who} it stays, paused`;
    case 'disks-differ':
      return `libvirt's own peers leave identical disks on the same case; ${who} do${sides.source && sides.target ? '' : 'es'} not`;
    default:
      return `libvirt's own peers do not show this on the same case (same seed, faults and scenario); it comes from ${who}`;
  }
}

/**
 * The plug-in run's judgement with its known findings split by the baseline: those the baseline
 * shows stay known (libvirt's), the rest become the plug-in's failures.
 */
export function blameByDifferential(plugin: Judgement, baseline: Judgement, sides: PluginSides, divergence: string | null = null): Judgement {
  const libvirts = new Set([...baseline.known, ...baseline.failures].map(key));
  const known: KnownFinding[] = [];
  const failures: OracleFailure[] = [...plugin.failures];
  for (const finding of plugin.known) {
    if (libvirts.has(key(finding))) known.push(finding);
    else failures.push({ oracle: finding.oracle, resource: finding.resource, message: `${finding.message} — ${divergence ?? blameSentence(finding, sides)}` });
  }
  return { failures, known };
}

const phaseOrder: readonly Phase[] = ['begin', 'prepare', 'perform', 'finish', 'confirm'];

/**
 * When libvirt's own peers end the case in an earlier phase than the plug-in's run does, a
 * finding of the plug-in's run lies on a path libvirt never takes: the cause is where the runs
 * part, and the sentence says so (the finding itself may be one libvirt would show on that path).
 */
export function divergenceSentence(plugin: HandshakeOutcome, baseline: HandshakeOutcome, sides: PluginSides): string | null {
  if (baseline.result !== 'failed') return null;
  const stopped = phaseOrder.indexOf(baseline.error.phase);
  const reached = plugin.result === 'completed' ? phaseOrder.length : phaseOrder.indexOf(plugin.error.phase);
  if (reached <= stopped) return null;
  return `libvirt's own peers end this case in ${baseline.error.phase} (${baseline.error.code}: ${baseline.error.message}) and never get here; with ${yours(sides)} the migration goes on past it, and this follows`;
}

function outcomeText(outcome: HandshakeOutcome): string {
  return outcome.result === 'completed'
    ? `completed (storage: ${outcome.storage})`
    : `failed in ${outcome.error.phase} with ${outcome.error.code} (${outcome.error.message})`;
}

/**
 * A plug-in that keeps libvirt's outcomes (keepsLibvirtOutcomes, the default) must end every case
 * as libvirt's own peers do on the same case, faults included (the decision table judges only
 * fault-free cases; the baseline run judges them all): same result, storage path, error code and
 * failing phase. Null when they agree.
 */
export function outcomeDifference(plugin: HandshakeOutcome, baseline: HandshakeOutcome, sides: PluginSides): OracleFailure | null {
  const same = plugin.result === baseline.result && plugin.storage === baseline.storage
    && (plugin.error?.code ?? null) === (baseline.error?.code ?? null) && (plugin.error?.phase ?? null) === (baseline.error?.phase ?? null);
  if (same) return null;
  return {
    oracle: 'outcome-differs',
    message: `libvirt's own peers end this case ${outcomeText(baseline)}; with ${yours(sides)} it ${outcomeText(plugin)} — a plug-in that keeps libvirt's outcomes (keepsLibvirtOutcomes) must end every case as libvirt does; set keepsLibvirtOutcomes: false for a deliberate protocol change`,
  };
}
