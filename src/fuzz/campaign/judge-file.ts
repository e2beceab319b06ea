// A case file judged exactly as the campaign that wrote it judged the case: the same target, its
// policies (and the ones libvirt's peers ran under for blame), the same plug-in and decision
// table. Replay, the fresh-worker check for stateful plug-ins and `real replay` all go through it.
import { libvirtPolicy } from '../../model/policy.js';
import { applyPlugin, type PeerPlugin } from '../plugin.js';
import { cookieTarget, handshakeTarget, type CaseReport, type TargetOptions } from '../targets.js';
import type { CaseFile } from './case-file.js';

export function caseFileOptions(file: CaseFile, plugin: PeerPlugin | null): TargetOptions {
  const applied = applyPlugin(plugin);
  return {
    policies: file.policies.length > 0 ? file.policies : [libvirtPolicy], baselinePolicies: file.baselinePolicies ?? file.policies,
    peers: applied.peers, decisionTable: file.decisionTable, corpus: [], now: () => performance.now(), adjustPolicy: applied.adjust,
  };
}

export function judgeCaseFile(file: CaseFile, plugin: PeerPlugin | null): CaseReport {
  const options = caseFileOptions(file, plugin);
  return file.target === 'handshake' ? handshakeTarget(options).judge(file.case) : cookieTarget(options).judge(file.case);
}
