// What a campaign fuzzes: the cookie codec on its own, or whole handshakes between simulated
// peers. A target generates cases, judges one case with its oracles, and names what the case
// covered, so that the runner stays the same for both.
import type fc from 'fast-check';
import { formatCookie } from '../model/cookie/format.js';
import { canonicalUuid } from '../model/cookie/uuid.js';
import { firstChildString } from '../model/xml/query.js';
import { readXml } from '../model/xml/reader.js';
import { mutableFromXml, applyStructureEdits, type MutableElement } from './mutators/structure.js';
import { applyByteEdits } from './mutators/bytes.js';
import { libvirtPolicy, strictPolicy, type DesignerPolicy } from '../model/policy.js';
import { simulateHandshake, type HandshakeOutcome, type HandshakeResult } from '../sim/handshake/run.js';
import type { Scenario } from '../sim/handshake/scenario.js';
import { reviewCase } from '../sim/matrix.js';
import { cookieCaseArbitrary, spliceCookieCases, type CookieCase } from './arbitraries/cookie-case.js';
import { cookieReductions, handshakeReductions } from './campaign/minimize.js';
import { faultFree, handshakeCaseArbitrary, scenarioForCase, spliceHandshakeCases, type HandshakeCase, type PeerOverride } from './arbitraries/handshake-case.js';
import { faultKinds } from './arbitraries/faults.js';
import { groupsOn } from './arbitraries/scenario-features.js';
import { judgeCookie } from './oracles/cookie.js';
import { judgeHandshake, type Judgement } from './oracles/handshake.js';
import { blameByDifferential, divergenceSentence, outcomeDifference, type PluginSides } from './oracles/blame.js';
import type { KnownFinding } from './oracles/known.js';

export const targetNames = ['cookie', 'handshake'] as const;
export type TargetName = (typeof targetNames)[number];

/** The kinds of coverage item the targets report; `migsim fuzz --require` is checked against them. */
export const coverageKinds = ['phase', 'code', 'libvirt', 'mutation', 'storage', 'cell', 'policy', 'mode', 'fault', 'feature'] as const;
export type CoverageKind = (typeof coverageKinds)[number];
export type CoverageItem = `${CoverageKind}:${string}`;

/**
 * The kinds each target reports (what its `judge` below puts in `coverage`), so that a required
 * `TARGET/KIND:ITEM` can be refused before a campaign when that target never reports the kind.
 */
export const coverageKindsByTarget: Readonly<Record<TargetName, readonly CoverageKind[]>> = {
  cookie: ['phase', 'code', 'libvirt', 'mutation'],
  handshake: ['phase', 'code', 'storage', 'cell', 'policy', 'mode', 'fault', 'feature'],
};

export interface CaseReport extends Judgement {
  /** Coverage items this case reached, as `kind:item` (phase:finish, code:nbd-not-set-up...). */
  readonly coverage: readonly CoverageItem[];
}

export interface FuzzTarget<C> {
  readonly name: TargetName;
  readonly arbitrary: fc.Arbitrary<C>;
  judge(item: C): CaseReport;
  /** One-step simplifications of a case, for the delta-debugging pass after shrinking. */
  reduce?(item: C): C[];
  /** A corpus case with one part of a fresh one (coverage feedback); `choice` picks the part. */
  splice?(base: C, donor: C, choice: number): C;
}

export interface TargetOptions {
  readonly policies: readonly DesignerPolicy[];
  readonly peers: PeerOverride;
  /**
   * The campaign's policies before a plug-in's own switches: what libvirt's built-in peers run
   * under when a plug-in's findings are compared with theirs (default: `policies`).
   */
  readonly baselinePolicies?: readonly DesignerPolicy[];
  /** Oracles switched off (their failures are dropped): to show that a test depends on them. */
  readonly disabledOracles?: ReadonlySet<string>;
  /** Hold fault-free handshakes to libvirt's decision table (off for plug-ins that change the protocol). */
  readonly decisionTable: boolean;
  /** Seed cookies for the cookie target (corpus files). */
  readonly corpus: readonly string[];
  readonly now: () => number;
  /** A plug-in's own policy switches, applied to the strict re-run of known findings too (default: none). */
  readonly adjustPolicy?: (policy: DesignerPolicy) => DesignerPolicy;
}

const encoder = new TextEncoder();

/** Parsed trees of corpus cookies, which every structure edit of a corpus case starts from. */
const corpusTrees = new WeakMap<readonly string[], Map<number, MutableElement | null>>();

function treeOf(item: CookieCase, base: string, corpus: readonly string[]): MutableElement | null {
  if (item.base.kind !== 'corpus') return mutableFromXml(base);
  let trees = corpusTrees.get(corpus);
  if (!trees) corpusTrees.set(corpus, (trees = new Map()));
  if (!trees.has(item.base.index)) trees.set(item.base.index, mutableFromXml(base));
  return trees.get(item.base.index) ?? null;
}

export function cookieInput(item: CookieCase, corpus: readonly string[]): string | Uint8Array {
  const base = item.base.kind === 'generated' ? formatCookie(item.base.cookie, undefined, { libvirt: item.base.version })
    : item.base.kind === 'text' ? item.base.xml : corpus[item.base.index] ?? '';
  if (item.mutation.kind === 'bytes') return applyByteEdits(encoder.encode(base), item.mutation.edits);
  if (item.mutation.kind === 'structure') {
    const tree = treeOf(item, base, corpus);
    return tree ? applyStructureEdits(tree, item.mutation.edits) : base;
  }
  return base;
}

const otherUuid = '5f2d3c1b-0a9e-4d8c-b7a6-958473625140';

type Identity = { readonly name: string; readonly uuid: string; readonly hostuuid: string } | null;

function identityOf(xml: string): Identity {
  const read = readXml(xml);
  if (!read.ok) return null;
  const text = (name: string): string => firstChildString(read.document.root, name) ?? '';
  return { name: text('name'), uuid: text('uuid'), hostuuid: text('hostuuid') };
}

/** Identities of corpus cookies, read once per corpus entry. */
const corpusIdentities = new WeakMap<readonly string[], Map<number, Identity>>();

/** The domain and host a base cookie names, so that a case can parse it against a matching side. */
function baseIdentity(item: CookieCase, corpus: readonly string[]): Identity {
  if (item.base.kind === 'generated') return item.base.cookie;
  if (item.base.kind === 'text') return identityOf(item.base.xml);
  let known = corpusIdentities.get(corpus);
  if (!known) corpusIdentities.set(corpus, (known = new Map()));
  if (!known.has(item.base.index)) known.set(item.base.index, identityOf(corpus[item.base.index] ?? ''));
  return known.get(item.base.index) ?? null;
}

export function cookieTarget(options: TargetOptions): FuzzTarget<CookieCase> {
  return {
    name: 'cookie',
    arbitrary: cookieCaseArbitrary(options.corpus.length),
    reduce: cookieReductions,
    splice: spliceCookieCases,
    judge(item) {
      const identity = baseIdentity(item, options.corpus);
      const hostUuid = identity && item.sameHost && canonicalUuid(identity.hostuuid) ? identity.hostuuid : '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f61';
      const matches = identity !== null && item.domainMatches && canonicalUuid(identity.uuid) !== null;
      const context = {
        phase: item.phase, libvirt: item.libvirt,
        domain: matches ? { name: identity.name, uuid: identity.uuid } : { name: 'fuzz-guest', uuid: otherUuid },
        localHostUuid: hostUuid,
      };
      const mustAccept = item.base.kind === 'generated' && item.mutation.kind === 'none' && item.domainMatches && !item.sameHost && item.phase === 'all';
      const report = judgeCookie(cookieInput(item, options.corpus), context, { mustAccept, now: options.now });
      const codes = [report.verdicts.libvirt, report.verdicts.strict].flatMap((r): CoverageItem[] => (r.ok ? ['code:accepted'] : r.errors.map((e) => `code:${e.code}` as const)));
      return { ...report, coverage: [...codes, `phase:${item.phase}`, `libvirt:${item.libvirt}`, `mutation:${item.mutation.kind}`] };
    },
  };
}

function handshakeCoverage(item: HandshakeCase, scenario: Scenario, result: HandshakeResult, policy: DesignerPolicy): CoverageItem[] {
  const phases = result.trace.flatMap((e): CoverageItem[] => (e.kind === 'phase-start' ? [`phase:${e.phase}`] : []));
  const outcome: CoverageItem = result.outcome.result === 'completed' ? `storage:${result.outcome.storage}` : `code:${result.outcome.error.code}`;
  const cell: CoverageItem = `cell:${reviewCase(scenario.source.profile, scenario.target.profile)}/${result.outcome.result === 'completed' ? result.outcome.storage : 'failed'}`;
  return [...phases, outcome, cell, `policy:${policy.name}`, `mode:${item.mode}`, ...faultKinds(item.faults).map((k) => `fault:${k}` as const),
    ...groupsOn(item.scenario ?? {}).map((group) => `feature:${group}` as const)];
}

/** Re-runs a case with known findings under the strict policy and records which of them it fixes. */
function strictCheck(item: HandshakeCase, options: TargetOptions, known: readonly KnownFinding[]): KnownFinding[] {
  const scenario = scenarioForCase(item, options.adjustPolicy?.(strictPolicy) ?? strictPolicy, options.peers);
  const again = judgeHandshake(scenario, simulateHandshake(scenario), { faultFree: faultFree(item), decisionTable: options.decisionTable });
  const remaining = new Set([...again.failures, ...again.known].map((f) => f.oracle));
  return known.map((finding) => ({ ...finding, fixedByStrict: !remaining.has(finding.oracle) }));
}

function threw(error: unknown, where: string): CaseReport {
  const text = error instanceof Error ? error.stack ?? error.message : String(error);
  return { failures: [{ oracle: 'threw', message: `${where} threw: ${text}` }], known: [], coverage: ['code:threw'] };
}

/** The same case with libvirt's built-in peers, judged the same way: the baseline of blame. */
function baselineRun(item: HandshakeCase, policy: DesignerPolicy): { readonly judgement: Judgement; readonly outcome: HandshakeOutcome } {
  const scenario = scenarioForCase(item, policy, {});
  const result = simulateHandshake(scenario);
  return { judgement: judgeHandshake(scenario, result, { faultFree: faultFree(item), decisionTable: true }), outcome: result.outcome };
}

/** Drops the failures of switched-off oracles from a report. */
function withoutDisabled(report: CaseReport, disabled: ReadonlySet<string> | undefined): CaseReport {
  return disabled ? { ...report, failures: report.failures.filter((f) => !disabled.has(f.oracle)) } : report;
}

export function handshakeTarget(options: TargetOptions): FuzzTarget<HandshakeCase> {
  const policies = options.policies.length > 0 ? options.policies : [libvirtPolicy];
  const baselinePolicies = options.baselinePolicies ?? policies;
  const sides: PluginSides = { source: options.peers.source !== undefined, target: options.peers.target !== undefined };
  const hasPlugin = sides.source || sides.target;
  return {
    name: 'handshake',
    arbitrary: handshakeCaseArbitrary(policies.length),
    judge: (item) => withoutDisabled(judgeCase(item), options.disabledOracles),
    reduce: handshakeReductions,
    splice: spliceHandshakeCases,
  };

  function judgeCase(item: HandshakeCase): CaseReport {
    const policy = policies[item.policy % policies.length] ?? libvirtPolicy;
    let scenario: Scenario;
    let result: HandshakeResult;
    try {
      scenario = scenarioForCase(item, policy, options.peers);
      result = simulateHandshake(scenario);
    } catch (error) {
      return threw(error, 'the handshake (a peer or the simulated world)');
    }
    try {
      let judgement = judgeHandshake(scenario, result, { faultFree: faultFree(item), decisionTable: options.decisionTable });
      if (hasPlugin) {
        const basePolicy = baselinePolicies[item.policy % baselinePolicies.length] ?? libvirtPolicy;
        const baseline = baselineRun(item, basePolicy);
        judgement = blameByDifferential(judgement, baseline.judgement, sides, divergenceSentence(result.outcome, baseline.outcome, sides));
        if (options.decisionTable) {
          // Outcomes are compared under the plug-in's own policy (its switches are part of its world).
          const same = policy === basePolicy ? baseline.outcome : baselineRun(item, policy).outcome;
          const differs = outcomeDifference(result.outcome, same, sides);
          if (differs) judgement = { ...judgement, failures: [...judgement.failures, differs] };
        }
      }
      const known = judgement.known.length > 0 && policy.cookiePolicy !== 'strict' ? strictCheck(item, options, judgement.known) : judgement.known;
      return { failures: judgement.failures, known, coverage: handshakeCoverage(item, scenario, result, policy) };
    } catch (error) {
      return threw(error, 'judging the case (an oracle, the baseline run or the strict re-check)');
    }
  }
}
