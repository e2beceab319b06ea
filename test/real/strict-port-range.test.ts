// Goal: a designer's change, the strict port-range check, gives the same verdicts three ways:
// built into libvirt (scripts/patches/libvirt-9.0-nbd-port-strict.patch, run on the real pair),
// in migsim's reference codec under --policy strict, and as a peer plug-in in the simulator
// (examples/peers/strict-port-range.ts). Stock libvirt 9.0 agrees with the reference under
// --policy libvirt and not under strict. Method: the two real campaigns of corpus/real/fuzz
// (`real fuzz --focus nbd-port --runs 20 --seed 1`, stock under libvirt, patched under strict),
// each case's delivered bytes judged again under the other policy and run through the plug-in.
import { describe, expect, it } from 'vitest';
import plugin from '../../examples/peers/strict-port-range.js';
import { receiverContext } from '../../src/fuzz/oracles/receiver.js';
import { applyPlugin } from '../../src/fuzz/plugin.js';
import { libvirtPolicy, strictPolicy, type DesignerPolicy } from '../../src/model/policy.js';
import { simScenarioFor } from '../../src/real/diff/sim-scenario.js';
import { caseScenario, receiverOf, type RealFuzzCase } from '../../src/real/fuzz/fuzz-case.js';
import { referenceVerdict, type Verdict } from '../../src/real/fuzz/verdict.js';
import { simulateHandshake } from '../../src/sim/handshake/run.js';
import { readProjectFile } from '../support/corpus.js';

interface SavedCase { readonly item: RealFuzzCase; readonly deliveredBase64: string; readonly judgement: { readonly real: Verdict; readonly agree: boolean } }
interface SavedCampaign { readonly policy: string; readonly provenance: { readonly libvirtd: string; readonly build: string }; readonly cases: readonly SavedCase[] }

const campaign = (name: string): SavedCampaign => JSON.parse(readProjectFile(`corpus/real/fuzz/${name}.json`)) as SavedCampaign;
const bytes = (c: SavedCase): Uint8Array => new Uint8Array(Buffer.from(c.deliveredBase64, 'base64'));
const key = (v: Verdict): string => (v.kind === 'refused' ? v.code : v.kind);
const portOf = (c: SavedCase): string => (c.item.fault.kind === 'mutate' && c.item.fault.edits[0]?.kind === 'set-attribute' ? c.item.fault.edits[0].value : '?');

function reference(c: SavedCase, policy: DesignerPolicy): string {
  return key(referenceVerdict(bytes(c), receiverContext(simScenarioFor(caseScenario(c.item.variant), { policy }), receiverOf[c.item.point].phase)));
}

/** The plug-in's verdict: the simulated pair with its peers, the receiver handed the same bytes. */
function pluginVerdict(c: SavedCase): string {
  const scenario = simScenarioFor(caseScenario(c.item.variant));
  const xml = new TextDecoder().decode(bytes(c)).replace(/\0$/, '');
  const result = simulateHandshake({ ...scenario, peers: applyPlugin(plugin).peers, interceptor: (cookie) => ({ action: 'deliver', xml: cookie.phase === c.item.point ? xml : cookie.xml }) });
  const receiver = receiverOf[c.item.point].phase;
  const failed = result.phases.find((p) => p.phase === receiver && !p.cancelled && !p.ok);
  return failed?.error && ['malformed-nbd-port', 'nbd-port-out-of-range'].includes(failed.error.code) ? failed.error.code : 'accepted';
}

/** Ports that parse as an int but are not TCP ports, and the empty attribute: what the strict check refuses. */
const strictOnly = new Set(['70000', '65536', '-5', '-1', '0', '']);

describe('the strict port-range check: patched libvirt, reference codec, plug-in', () => {
  const stock = campaign('nbd-port-stock-libvirt');
  const patched = campaign('nbd-port-patched-strict');

  it('were recorded on the daemons they say', () => {
    expect(stock.provenance.libvirtd).toMatch(/^\/usr\/sbin\/libvirtd .*9\.0\.0/);
    expect(patched.provenance.build).toMatch(/libvirt-9\.0-nbd-port-strict\.patch/);
    expect(stock.cases).toHaveLength(20);
    expect(patched.cases).toHaveLength(20);
  });

  it('stock 9.0 agrees with the reference under --policy libvirt, every case', () => {
    for (const c of stock.cases) expect([portOf(c), key(c.judgement.real)]).toEqual([portOf(c), reference(c, libvirtPolicy)]);
  });

  it('stock 9.0 disagrees under --policy strict exactly where the check applies', () => {
    for (const c of stock.cases) expect([portOf(c), key(c.judgement.real) === reference(c, strictPolicy)]).toEqual([portOf(c), !strictOnly.has(portOf(c))]);
    expect(stock.cases.some((c) => strictOnly.has(portOf(c)))).toBe(true);
  });

  it('the patched build agrees with the reference under --policy strict, every case', () => {
    for (const c of patched.cases) expect([portOf(c), key(c.judgement.real)]).toEqual([portOf(c), reference(c, strictPolicy)]);
    expect(patched.cases.filter((c) => c.judgement.real.kind === 'refused' && c.judgement.real.code === 'nbd-port-out-of-range').length).toBeGreaterThan(0);
  });

  it('the plug-in gives the patched build\'s verdicts in the simulator', () => {
    for (const c of patched.cases) expect([portOf(c), c.item.point, pluginVerdict(c)]).toEqual([portOf(c), c.item.point, key(c.judgement.real)]);
  });
});
