// `migsim replay FILE`: a case file run again with the same target, policies and peer plug-in as
// the campaign that wrote it, judged by the same oracles, with the run shown in full. A case file
// is outside input: it is checked against its schema first, and it never makes replay run code
// on its own — the plug-in is loaded from --peer, or from the path the file records only while
// that file still has the recorded SHA-256.
import { scenarioForCase } from '../../fuzz/arbitraries/handshake-case.js';
import { judgeCaseFile } from '../../fuzz/campaign/judge-file.js';
import { fromCaseJson, sha256Hex, type CaseFile } from '../../fuzz/campaign/case-file.js';
import { applyPlugin, loadPeerPlugin, type PeerPlugin } from '../../fuzz/plugin.js';
import { cookieInput } from '../../fuzz/targets.js';
import { libvirtPolicy } from '../../model/policy.js';
import { handshakeJson, traceText } from '../../render/handshake.js';
import { simulateHandshake, type HandshakeResult } from '../../sim/handshake/run.js';
import type { Scenario } from '../../sim/handshake/scenario.js';
import { defineCommand, exits, option, toggle, type CommandSpec } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import type { ReplayJson } from '../schemas/replay.js';
import { commandSummaries } from '../summaries.js';
import { text } from '../values.js';
import { peerFrom } from '../peer-option.js';

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

/** The run behind a handshake case, for display; a peer that throws is shown with its stack. */
function replayedRun(file: Extract<CaseFile, { target: 'handshake' }>, plugin: PeerPlugin | null): { scenario: Scenario; result: HandshakeResult } | { error: string } {
  try {
    const item = file.case;
    const scenario = scenarioForCase(item, file.policies[item.policy % file.policies.length] ?? libvirtPolicy, applyPlugin(plugin).peers);
    return { scenario, result: simulateHandshake(scenario) };
  } catch (error) {
    return { error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/**
 * Replays a checked case file; the plug-in, if any, is already loaded. The verdict is the
 * campaign's own (judgeCaseFile: the same oracles, blame by differential included).
 */
export async function replayCase(file: CaseFile, io: CliIo, json: boolean, plugin: PeerPlugin | null = null): Promise<number> {
  const report = judgeCaseFile(file, plugin);
  const code = report.failures.length > 0 ? exitCode.failed : exitCode.ok;
  if (file.target === 'handshake') {
    const shown = replayedRun(file, plugin);
    if ('error' in shown) {
      const out: ReplayJson = { target: 'handshake', error: shown.error, failures: report.failures.length, oracleFailures: [...report.failures], knownFindings: [...report.known] };
      if (json) io.out(JSON.stringify(out, null, 2) + '\n');
      else io.out(`the handshake threw while it ran:\n${shown.error}\n\n${verdict(report.failures)}`);
      return code;
    }
    const out: ReplayJson = { target: 'handshake', run: handshakeJson(shown.scenario, shown.result), failures: report.failures.length, oracleFailures: [...report.failures], knownFindings: [...report.known] };
    io.out(json ? JSON.stringify(out, null, 2) + '\n' : `${traceText(shown.scenario, shown.result)}\n${verdict(report.failures)}`);
    return code;
  }
  const item = file.case;
  const input = cookieInput(item, []);
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  const out: ReplayJson = { target: 'cookie', phase: item.phase, libvirt: item.libvirt, input: text, failures: report.failures.length, oracleFailures: [...report.failures], knownFindings: [...report.known] };
  if (json) io.out(JSON.stringify(out, null, 2) + '\n');
  else io.out(`cookie (${text.length} characters, parsed by phase ${item.phase} of libvirt ${item.libvirt}):\n${text.slice(0, 4000)}${text.length > 4000 ? '\n[...]' : ''}\n\n${verdict(report.failures)}`);
  return code;
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
