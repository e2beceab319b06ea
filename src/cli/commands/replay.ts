// `migsim replay FILE`: a case file run again with the same target, policies and peer plug-in as
// the campaign that wrote it, judged by the same oracles, with the run shown in full. A case file
// is outside input: it is checked against its schema first, and it never makes replay run code
// on its own — the plug-in is loaded from --peer, or from the path the file records only while
// that file still has the recorded SHA-256.
import { faultFree, scenarioForCase } from '../../fuzz/arbitraries/handshake-case.js';
import { fromCaseJson, sha256Hex, type CaseFile } from '../../fuzz/campaign/case-file.js';
import { judgeHandshake } from '../../fuzz/oracles/handshake.js';
import { applyPlugin, loadPeerPlugin, type PeerPlugin } from '../../fuzz/plugin.js';
import { cookieInput, cookieTarget } from '../../fuzz/targets.js';
import { libvirtPolicy } from '../../model/policy.js';
import { handshakeJson, traceText } from '../../render/handshake.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import { defineCommand, exits, option, toggle, type CommandSpec } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import type { ReplayJson } from '../schemas/replay.js';
import { commandSummaries } from '../summaries.js';
import { text } from '../values.js';
import { peerFrom } from './fuzz.js';

const flags = {
  peer: option('FILE', text('a file path'), "the campaign's peer plug-in, when the case file's recorded one is gone or changed"),
  json: toggle('print the replayed run and the verdict as one JSON object'),
};

export const replaySpec: CommandSpec<typeof flags> = {
  name: 'replay',
  summary: commandSummaries.replay,
  positionals: { synopsis: 'FILE', min: 1, max: 1 },
  description: `Runs a case file written by migsim fuzz again, exactly. The file is checked against
docs/schemas/case-file.schema.json before it is used. A case found with a peer plug-in records
the plug-in's absolute path and SHA-256: replay loads it from there only while the hash matches,
and otherwise asks for --peer FILE.`,
  flags,
  exits: exits('the case passes now', 'the failure reproduces'),
  schema: 'replay',
};

async function pluginOf(file: CaseFile, peerFlag: string | undefined, io: CliIo): Promise<PeerPlugin | null> {
  if (peerFlag !== undefined) return (await peerFrom(peerFlag, io, 'peer')).plugin;
  const peer = file.peer;
  if (peer === null) return null;
  const pass = 'pass the plug-in with --peer FILE if you trust it';
  if (typeof peer === 'string') throw new UsageError(`the case file names its peer plug-in ${peer} without a hash, so it is not loaded; ${pass}`, 'peer-untrusted');
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(peer.path);
  } catch (error) {
    throw new UsageError(`the case file's peer plug-in ${peer.path} cannot be read (${reason(error)}); ${pass}`, 'peer-untrusted');
  }
  if (sha256Hex(bytes) !== peer.sha256) throw new UsageError(`the case file's peer plug-in ${peer.path} has changed since the campaign (its SHA-256 differs), so it is not loaded; ${pass}`, 'peer-untrusted');
  try {
    return await loadPeerPlugin(peer.path);
  } catch (error) {
    throw new UsageError(`the case file's peer plug-in ${peer.path} cannot be loaded: ${reason(error)}`, 'peer-invalid');
  }
}

function verdict(failures: readonly { oracle: string; message: string }[]): string {
  if (failures.length === 0) return 'replay: no oracle fails now\n';
  return failures.map((f) => `replay: FAILS [${f.oracle}] ${f.message}`).join('\n') + '\n';
}

/** Replays a checked case file; the plug-in, if any, is already loaded. */
export async function replayCase(file: CaseFile, io: CliIo, json: boolean, plugin: PeerPlugin | null = null): Promise<number> {
  const applied = applyPlugin(plugin);
  if (file.target === 'handshake') {
    const item = file.case;
    const policy = file.policies[item.policy % file.policies.length] ?? libvirtPolicy;
    const scenario = scenarioForCase(item, policy, applied.peers);
    const result = simulateHandshake(scenario);
    const judgement = judgeHandshake(scenario, result, { faultFree: faultFree(item), decisionTable: file.decisionTable });
    const out: ReplayJson = { target: 'handshake', run: handshakeJson(scenario, result), failures: judgement.failures.length, oracleFailures: [...judgement.failures], knownFindings: [...judgement.known] };
    io.out(json ? JSON.stringify(out, null, 2) + '\n' : `${traceText(scenario, result)}\n${verdict(judgement.failures)}`);
    return judgement.failures.length > 0 ? exitCode.failed : exitCode.ok;
  }
  const item = file.case;
  const target = cookieTarget({ policies: file.policies, peers: applied.peers, decisionTable: file.decisionTable, corpus: [], now: () => performance.now() });
  const report = target.judge(item);
  const input = cookieInput(item, []);
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  const out: ReplayJson = { target: 'cookie', phase: item.phase, libvirt: item.libvirt, input: text, failures: report.failures.length, oracleFailures: [...report.failures], knownFindings: [...report.known] };
  if (json) io.out(JSON.stringify(out, null, 2) + '\n');
  else io.out(`cookie (${text.length} characters, parsed by phase ${item.phase} of libvirt ${item.libvirt}):\n${text.slice(0, 4000)}${text.length > 4000 ? '\n[...]' : ''}\n\n${verdict(report.failures)}`);
  return report.failures.length > 0 ? exitCode.failed : exitCode.ok;
}

export const replayCommand = defineCommand(replaySpec, async (values, positionals, io) => {
  const path = positionals[0] ?? '';
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(path);
  } catch (error) {
    throw new UsageError(`cannot read case file ${path}: ${reason(error)}`, 'cannot-read');
  }
  const read = fromCaseJson(new TextDecoder().decode(bytes));
  if (!read.ok) throw new UsageError(`case file ${path}: ${read.path}: ${read.message}`, 'case-file-invalid');
  return replayCase(read.file, io, values.json, await pluginOf(read.file, values.peer, io));
});
