// Goal: real fuzz draws the same cases from the same seed, changes exactly the cookie it names
// (the port focus hits the <nbd> element of the real cookie), judges a case by the real verdict
// against the reference codec and by the real hosts' invariants against the model's prediction,
// and writes a case file that `migsim replay` runs in the simulator. Method: without libvirt,
// on the real records of corpus/real (libvirt 9.0.0 / QEMU 7.2): the p2p run whose Perform cookie
// lost <nbd> in flight, the one whose Finish cookie named another domain, and run (a)'s cookies.
import { describe, expect, it } from 'vitest';
import { replayCase } from '../../src/cli/commands/replay.js';
import { fromCaseJson } from '../../src/fuzz/campaign/case-file.js';
import { libvirtPolicy, strictPolicy } from '../../src/model/policy.js';
import { sampleCases } from '../../src/real/fuzz/arbitrary.js';
import { realCaseFile, realCaseFromJson, realCaseJson } from '../../src/real/fuzz/case-file.js';
import { judgeCase } from '../../src/real/fuzz/judge.js';
import { mutateCookie, nbdTargetIn } from '../../src/real/fuzz/mutation.js';
import type { RealFuzzCase } from '../../src/real/fuzz/fuzz-case.js';
import { caseScenario } from '../../src/real/fuzz/fuzz-case.js';
import { cookieCodeFor, realVerdict } from '../../src/real/fuzz/verdict.js';
import type { RealRecord } from '../../src/real/record.js';
import { realCookieSent, realRecord } from '../support/real-records.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const withNul = (xml: string): Uint8Array => encoder.encode(`${xml}\0`);
const provenance = { libvirtd: 'libvirtd (libvirt) 9.0.0', qemu: 'QEMU 7.2', packages: '', kernel: '', recordedAt: '' };

describe('real fuzz cases', () => {
  it('are the same for the same seed, and differ for another', () => {
    const a = sampleCases('all', nbdTargetIn, 7, 5);
    expect(sampleCases('all', nbdTargetIn, 7, 5)).toEqual(a);
    expect(sampleCases('all', nbdTargetIn, 8, 5)).not.toEqual(a);
  });

  it('focus nbd-port sets the port of the real cookie\'s <nbd>, keeping the rest', () => {
    const prepare = realCookieSent(realRecord('a-copy-storage-all'), 'prepare');
    const item: RealFuzzCase = { point: 'prepare', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'set-attribute', target: nbdTargetIn('prepare', 'plain') ?? [], name: 'port', value: '70000' }] } };
    const out = decoder.decode(mutateCookie(item, withNul(prepare)));
    expect(out).toContain("<nbd port='70000'>");
    expect(out.endsWith('\0')).toBe(true);
    for (const c of sampleCases('nbd-port', nbdTargetIn, 1, 20)) {
      const changed = decoder.decode(mutateCookie(c, withNul(realCookieSent(realRecord('a-copy-storage-all'), c.point))));
      expect(changed).toMatch(/<nbd port='[^']*'/);
    }
  });

  it('byte edits change the bytes, not the text, and keep the trailing NUL', () => {
    const item: RealFuzzCase = { point: 'begin', variant: 'plain', fault: { kind: 'corrupt', edits: [{ kind: 'set-byte', at: 0, value: 0xff }] } };
    const out = mutateCookie(item, withNul('<qemu-migration/>'));
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0x71]);
    expect(out.at(-1)).toBe(0);
  });
});

describe('judging a real case at the Finish cookie', () => {
  // The p2p run whose Finish reply named another domain (real run --rewrite uuid=...@finish).
  const record = realRecord('rewrite-uuid-finish');
  const finish = record.rpc?.events.find((e) => e.point === 'finish');
  const children = [...(finish?.cookieBefore ?? '').matchAll(/^  <([a-z-]+)/gm)].map((m) => m[1]);
  const uuidIndex = children.indexOf('uuid');
  const item: RealFuzzCase = {
    point: 'finish', variant: 'plain',
    fault: { kind: 'mutate', edits: [{ kind: 'set-text', target: [Math.ceil((uuidIndex * 1_000_001) / children.length)], text: '00000000-0000-0000-0000-000000000001' }] },
  };

  it('the edit is the rewrite the record shows', () => {
    expect(uuidIndex).toBeGreaterThan(0);
    expect(decoder.decode(mutateCookie(item, withNul(finish?.cookieBefore ?? ''))).replace(/\s+/g, '')).toBe(`${finish?.cookieAfter ?? ''}\0`.replace(/\s+/g, ''));
  });

  it('a refusal by Confirm is read from the source log, though the migration completed', () => {
    expect(record.outcome.result).toBe('completed');
    expect(realVerdict(record, 'finish')).toMatchObject({ kind: 'refused', code: 'uuid-mismatch' });
    expect(realVerdict(record, 'perform')).toEqual({ kind: 'accepted' });
  });

  it('agrees with the model: refused, and the guest on both hosts is the finding it predicts; strict predicts none', () => {
    const delivered = withNul(finish?.cookieAfter ?? '');
    const judgement = judgeCase(item, record, delivered, libvirtPolicy);
    expect(judgement.receiver).toBe('confirm (source)');
    expect(judgement.agree).toBe(true);
    expect(judgement.invariants.real).toEqual(['domain-not-on-one-side']);
    expect(judgement.invariants.simulated).toEqual(['domain-not-on-one-side']);
    expect(judgement.failure).toBeNull();
    expect(judgeCase(item, record, delivered, strictPolicy).invariants.simulated).toEqual([]);
  });
});

describe('judging a real case', () => {
  // The p2p run whose Perform cookie lost <nbd> on its way (real run --rewrite drop-nbd@perform).
  const record = realRecord('rewrite-drop-nbd-perform');
  const perform = record.rpc?.events.find((e) => e.point === 'perform');
  const target = [Math.ceil((4 * 1_000_001) / 6)];
  const item: RealFuzzCase = { point: 'perform', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'remove', target }] } };

  it('the edit is the rewrite the record shows', () => {
    expect(decoder.decode(mutateCookie(item, withNul(perform?.cookieBefore ?? ''))).replace(/\s+/g, '')).toBe(`${perform?.cookieAfter ?? ''}\0`.replace(/\s+/g, ''));
  });

  it('agrees (accepted), and the NBD server left running is a finding the model predicts', () => {
    const judgement = judgeCase(item, record, withNul(perform?.cookieAfter ?? ''), libvirtPolicy);
    expect(judgement.real).toEqual({ kind: 'accepted' });
    expect(judgement.agree).toBe(true);
    expect(judgement.invariants.real).toEqual(['nbd-server-left-running@target']);
    expect(judgement.invariants.unexplained).toEqual([]);
    expect(judgement.failure).toBeNull();
  });

  it('a refusal is the receiver\'s when its text is the cookie codec\'s', () => {
    const refused: RealRecord = { ...record, outcome: { result: 'failed', error: { code: 'libvirt-error', message: 'internal error: Malformed nbd port \'0x10\'', phase: 'perform' } } };
    expect(realVerdict(refused, 'prepare')).toMatchObject({ kind: 'refused', code: 'malformed-nbd-port' });
    expect(realVerdict(refused, 'begin')).toEqual({ kind: 'accepted' });
    expect(cookieCodeFor("nbd port '70000' is outside 1..65535")).toBe('nbd-port-out-of-range');
    expect(cookieCodeFor('(qemu_migration_cookie):3: Opening and ending tag mismatch: a line 2 and b\n<x>\n^')).toBe('xml-malformed');
  });

  it('a DOCTYPE the real receiver took is explained by the listed deviation, not a failure', () => {
    const doctype: RealFuzzCase = { point: 'perform', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'wrap-document', before: '<!DOCTYPE qemu-migration>\n', after: '' }] } };
    const judgement = judgeCase(doctype, realRecord('a-copy-storage-all'), withNul(`<!DOCTYPE qemu-migration>\n${realCookieSent(realRecord('a-copy-storage-all'), 'perform')}`), libvirtPolicy);
    expect(judgement.reference).toMatchObject({ kind: 'refused', code: 'doctype-forbidden' });
    expect(judgement.deviation).toBe('doctype-refused');
  });

  it('after a deviation, what the simulated run does next is the deviation\'s too (a DOCTYPE in the Finish cookie)', () => {
    // The model's Confirm refuses the DOCTYPE and its p2p source resumes the guest (on both hosts);
    // libvirt took the cookie and stopped its source. That difference follows from the deviation.
    const doctype: RealFuzzCase = { point: 'finish', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'wrap-document', before: '<!DOCTYPE qemu-migration>\n', after: '' }] } };
    const record = realRecord('a-copy-storage-all');
    const judgement = judgeCase(doctype, record, withNul(`<!DOCTYPE qemu-migration>\n${realCookieSent(record, 'finish')}`), libvirtPolicy);
    expect(judgement.real).toEqual({ kind: 'accepted' });
    expect(judgement.deviation).toBe('doctype-refused');
    expect(judgement.invariants.simulated).toEqual(['domain-not-on-one-side']);
    expect(judgement.invariants.real).toEqual([]);
    expect(judgement.invariants.unexplained).toEqual([]);
    expect(judgement.failure).toBeNull();
  });

  it('a port out of range is accepted by libvirt 9.0 and by the libvirt policy, refused under strict', () => {
    const port: RealFuzzCase = { point: 'prepare', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'set-attribute', target: nbdTargetIn('prepare', 'plain') ?? [], name: 'port', value: '70000' }] } };
    const delivered = mutateCookie(port, withNul(realCookieSent(realRecord('a-copy-storage-all'), 'prepare')));
    expect(judgeCase(port, realRecord('a-copy-storage-all'), delivered, libvirtPolicy).reference.kind).toBe('accepted');
    expect(judgeCase(port, realRecord('a-copy-storage-all'), delivered, strictPolicy).reference).toMatchObject({ kind: 'refused', code: 'nbd-port-out-of-range' });
  });

  it('writes a case file that migsim replay runs in the simulator and real replay reads back', async () => {
    const judgement = { ...judgeCase(item, record, withNul(perform?.cookieAfter ?? ''), libvirtPolicy), failure: 'planted for the test' };
    const file = realCaseFile({ item, index: 1, seed: 1, policy: libvirtPolicy, scenario: caseScenario('plain'), sent: withNul(perform?.cookieBefore ?? ''), delivered: withNul(perform?.cookieAfter ?? ''), judgement, provenance });
    const text = realCaseJson(file);
    expect(realCaseFromJson('case.json', text).ok).toBe(true);
    expect(realCaseFromJson('plain.json', text.replace('migsim-real-case/1', 'other')).ok).toBe(false);
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined, readBytes: () => Promise.reject(new Error('none')), interactive: false, env: {} };
    const read = fromCaseJson(text);
    if (!read.ok) throw new Error(`the real case file does not read as a case file: ${read.message} at ${read.path}`);
    const code = await replayCase(read.file, io, false);
    expect(out).toContain('PERFORM on source');
    expect(out).toContain('nbd-server-left-running');
    // The simulator's oracles know the server left running as libvirt's own finding: no failure there.
    expect(code).toBe(0);
  });
});
