// `migsim simulate` and `migsim explain`: one migration, as a trace, JSON, a Mermaid sequence
// diagram, or a walk-through in plain words.
import { explainJson, explainText } from '../../render/explain.js';
import { handshakeJson, handshakeMermaid, traceText } from '../../render/handshake.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import type { StorageCopy } from '../../sim/handshake/storage-copy.js';
import { formatBytes, formatRate } from '../../model/units.js';
import { defineCommand, exits, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import type { PeerPlugin } from '../../fuzz/plugin.js';
import { peerFlag, peerFrom } from '../peer-option.js';
import { scenarioFlags, scenarioFrom } from '../scenario-flags.js';
import { commandSummaries } from '../summaries.js';

const simulateFlags = {
  ...scenarioFlags,
  peer: { ...peerFlag, help: 'run with a designer\'s PeerPlugin as the source and/or destination (and its policy switches); see examples/peers/' },
  json: toggle('print the run as one JSON object: outcome, phases with cookies and QEMU effects, findings, end state, storage copy'),
  mermaid: toggle('print a Mermaid sequence diagram of the run'),
  'no-cookies': toggle('leave the cookie XML out of the text trace'),
};

export const simulateSpec: CommandSpec<typeof simulateFlags> = {
  name: 'simulate',
  summary: commandSummaries.simulate,
  positionals: null,
  description: `Runs one migration between a simulated source and destination and prints what each phase
decided and why, the cookie it sent, what QEMU did, and the outcome; a storage copy is timed by
the block-stream model on the link given. A scenario the model cannot time in reasonable time is
refused in one line.`,
  flags: simulateFlags,
  exits: exits('the migration completed', 'the migration failed'),
  schema: 'simulate',
  check: (values) => (values.json && values.mermaid ? '--json and --mermaid both print the run; give one' : null),
};

export const simulateCommand = defineCommand(simulateSpec, async (values, _positionals, io) => {
  const plugin = values.peer === undefined ? null : (await peerFrom(values.peer, io, 'peer')).plugin;
  const scenario = await scenarioFrom(values, io, plugin);
  const result = simulateHandshake(scenario);
  if (plugin !== null && !values.json && !values.mermaid) io.out(`${pluginLine(plugin)}\n\n`);
  if (values.json) io.out(JSON.stringify(handshakeJson(scenario, result), null, 2) + '\n');
  else if (values.mermaid) io.out(handshakeMermaid(scenario, result));
  else io.out(traceText(scenario, result, { cookies: !values['no-cookies'] }) + copyLine(result.storageCopy));
  return result.outcome.result === 'completed' ? exitCode.ok : exitCode.failed;
});

/** Which sides a plug-in replaced, said before its run so that nobody reads it as libvirt's. */
export function pluginLine(plugin: PeerPlugin): string {
  const policy = plugin.policy ? ` with policy switches ${Object.entries(plugin.policy).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : '';
  if (plugin.source && plugin.target) return `peer plug-in '${plugin.name}' as the source and the destination${policy}`;
  if (plugin.source) return `peer plug-in '${plugin.name}' as the source${policy}; the destination is libvirt's`;
  if (plugin.target) return `peer plug-in '${plugin.name}' as the destination${policy}; the source is libvirt's`;
  return `peer plug-in '${plugin.name}'${policy}; both sides are libvirt's`;
}

/** The storage copy as the NBD stream model sees it on this link (docs/stream.md). */
function copyLine(copy: StorageCopy | null): string {
  if (!copy) return '';
  const what = copy.model === 'nbd-mirror' ? 'mirror READY' : 'block migration complete';
  const when = copy.seconds === null ? `never: ${copy.reason ?? 'did not converge'}` : `after ${copy.seconds.toFixed(1)} s`;
  return `storage copy (NBD stream model): ${formatBytes(copy.diskBytes)}, ${what} ${when}, ${formatRate(copy.throughputBytesPerSecond)} limited by ${copy.limitedBy}\n`;
}

const explainFlags = { ...scenarioFlags, peer: simulateFlags.peer, json: toggle('print the run and the walk-through as one JSON object') };

export const explainSpec: CommandSpec<typeof explainFlags> = {
  name: 'explain',
  summary: commandSummaries.explain,
  positionals: null,
  description: `Walks through one migration phase by phase in plain words, with the cookie at each step and
its <nbd> part marked. Takes the same scenario flags as 'migsim simulate'; by default a libvirt
9.0 / QEMU 7.2 pair copying its disk over NBD.`,
  flags: explainFlags,
  exits: exits('the walk-through was printed (whatever the migration\'s outcome)', null),
  schema: 'explain',
};

export const explainCommand = defineCommand(explainSpec, async (values, _positionals, io) => {
  const plugin = values.peer === undefined ? null : (await peerFrom(values.peer, io, 'peer')).plugin;
  const scenario = await scenarioFrom(values, io, plugin);
  const result = simulateHandshake(scenario);
  if (plugin !== null && !values.json) io.out(`${pluginLine(plugin)}\n\n`);
  io.out(values.json ? JSON.stringify(explainJson(scenario, result), null, 2) + '\n' : explainText(scenario, result));
  return exitCode.ok;
});
