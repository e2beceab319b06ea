// Goal: every sentence a phase says about what a cookie has or lacks is true of the cookie shown
// beside it (issue 14 item 1): "the Begin cookie has no <nbd>" is never said of a cookie that
// carries <nbd> (libvirt 1.0.2 predates <nbd> and ignores it; it does not miss it), and "carries
// <nbd>" only of one that does. Method: every cell of the fallback matrix, and generated handshakes
// with faults that mutate, duplicate, drop and replay cookies; for each decision sentence naming a
// cookie element, the cookie that phase received (as the trace shows it: the mutated text when a
// fault changed it) is read and its top-level elements compared with the sentence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handshakeCaseArbitrary, scenarioForCase, type HandshakeCase } from '../../../src/fuzz/arbitraries/handshake-case.js';
import type { Phase, Side } from '../../../src/model/migration/types.js';
import { libvirtPolicy, strictPolicy } from '../../../src/model/policy.js';
import { readXml } from '../../../src/model/xml/reader.js';
import { simulateHandshake, type HandshakeResult } from '../../../src/sim/handshake/run.js';
import { defaultMatrixOptions, matrixProfiles } from '../../../src/sim/matrix.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { parseLibvirtRelease, parseQemuRelease } from '../../../src/model/versions/releases.js';
import { parseSideSpec } from '../../../src/model/versions/profile.js';

/** The cookie a sentence names, by the phase that sent it and who received it. */
const cookieNamed: Readonly<Record<string, { readonly phase: Phase; readonly to: Side }>> = {
  Begin: { phase: 'begin', to: 'target' },
  'Prepare reply': { phase: 'prepare', to: 'source' },
  Perform: { phase: 'perform', to: 'target' },
};

const claim = /the (Begin|Prepare reply|Perform) cookie (has no|carries) <([a-z-]+)>/;

function topLevelElements(xml: string): Set<string> | null {
  const read = readXml(xml.replace(/\0+$/, ''));
  if (!read.ok) return null;
  return new Set(read.document.root.children.flatMap((node) => (node.kind === 'element' && !node.inNamespace ? [node.name] : [])));
}

interface Checked {
  readonly sentences: number;
  readonly wrong: string[];
}

/** Checks every claim of one run against the cookie that phase last received. */
function checkRun(result: HandshakeResult): Checked {
  const received = new Map<string, string | null>();
  const wrong: string[] = [];
  let sentences = 0;
  for (const event of result.trace) {
    if (event.kind === 'cookie') {
      received.set(`${event.phase}>${event.to}`, event.dropped ? null : event.mutated ?? event.xml);
      continue;
    }
    if (event.kind !== 'decision') continue;
    const match = claim.exec(event.decision.text);
    if (!match) continue;
    const [, name = '', verb, element = ''] = match;
    const named = cookieNamed[name];
    if (named === undefined || named.to !== event.side) {
      wrong.push(`${event.side} ${event.phase}: names a cookie it does not receive: ${event.decision.text}`);
      continue;
    }
    sentences += 1;
    const xml = received.get(`${named.phase}>${named.to}`);
    const elements = xml === undefined || xml === null ? null : topLevelElements(xml);
    if (elements === null) {
      wrong.push(`${event.side} ${event.phase}: speaks of a ${name} cookie it never read: ${event.decision.text}`);
      continue;
    }
    const has = elements.has(element);
    if ((verb === 'has no' && has) || (verb === 'carries' && !has)) {
      wrong.push(`${event.side} ${event.phase}: "${event.decision.text}" but the cookie shown ${has ? 'carries' : 'has no'} <${element}>:\n${xml ?? ''}`);
    }
  }
  return { sentences, wrong };
}

describe('sentences about cookies agree with the cookies shown', () => {
  it('in every cell of the fallback matrix, both policies, all three storage modes', () => {
    const versions = (items: readonly string[], parse: typeof parseLibvirtRelease) => items.flatMap((item) => {
      const read = parse(item);
      return read.ok ? [read.version] : [];
    });
    const profiles = matrixProfiles({
      libvirt: versions(defaultMatrixOptions.libvirt, parseLibvirtRelease), qemu: versions(defaultMatrixOptions.qemu, parseQemuRelease), includeUnsupported: false,
    });
    let sentences = 0;
    const wrong: string[] = [];
    for (const policy of [libvirtPolicy, strictPolicy]) {
      for (const source of profiles) {
        for (const target of profiles) {
          for (const copyStorage of ['all', 'inc', 'none'] as const) {
            const checked = checkRun(simulateHandshake(buildScenario({ source, target, copyStorage, mode: 'regular', policy, seed: 1 })));
            sentences += checked.sentences;
            wrong.push(...checked.wrong);
          }
        }
      }
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    // The check saw sentences of both kinds, so it is not vacuous.
    expect(sentences).toBeGreaterThan(100);
  });

  it('under generated faults that change, drop, duplicate and replay cookies', () => {
    let sentences = 0;
    fc.assert(fc.property(handshakeCaseArbitrary(2), (item) => {
      const policy = item.policy % 2 === 0 ? libvirtPolicy : strictPolicy;
      const checked = checkRun(simulateHandshake(scenarioForCase(item, policy)));
      sentences += checked.sentences;
      expect(checked.wrong).toEqual([]);
    }), { seed: 14, numRuns: 1500 });
    expect(sentences).toBeGreaterThan(50);
  });

  it('says why an unknown mandatory feature is accepted (libvirt 1.0.2 checks none) or refused (9.0)', () => {
    const teleport = (target: string): HandshakeCase => ({
      source: 'libvirt=9.0.0,qemu=7.2.0', target, copyStorage: 'all', mode: 'regular', persistent: false, policy: 0, seed: 1,
      faults: { cookies: { begin: { kind: 'mutate', edits: [{ kind: 'twin', name: 'feature', attribute: 'name', value: 'teleport' }] } }, crash: null },
    });
    const old = simulateHandshake(scenarioForCase(teleport('libvirt=1.0.2,qemu=1.3.0'), libvirtPolicy));
    const prepare = old.phases.find((p) => p.phase === 'prepare');
    expect(prepare?.decisions.map((d) => d.text)).toContainEqual(expect.stringMatching(/^accepts mandatory feature 'teleport' of the Begin cookie unchecked: libvirt 1\.0\.2 reads no <feature>/));
    const today = simulateHandshake(scenarioForCase(teleport('libvirt=9.0.0,qemu=7.2.0'), libvirtPolicy));
    expect(today.outcome.error).toMatchObject({ code: 'unknown-feature', message: 'Unknown migration cookie feature teleport', phase: 'prepare' });
  });

  it('catches a sentence that contradicts its cookie (the check can fail)', () => {
    const side = parseSideSpec('libvirt=9.0.0,qemu=7.2.0');
    if (!side.ok) throw new Error(side.message);
    const scenario = buildScenario({ source: side.profile, target: side.profile, copyStorage: 'all', mode: 'regular', policy: libvirtPolicy, seed: 1 });
    const result = simulateHandshake(scenario);
    const perform = result.trace.find((e) => e.kind === 'cookie' && e.phase === 'perform');
    expect(perform).toBeDefined();
    const lie = {
      ...result,
      trace: [...result.trace, { atMs: 0, kind: 'decision' as const, phase: 'finish' as const, side: 'target' as const, decision: { text: 'the Perform cookie has no <nbd>: the NBD server is left running', rule: 'planted' } }],
    };
    expect(checkRun(lie).wrong).toHaveLength(1);
  });
});
