// Goal: every `migsim real ... --json` output is exactly what its schema under docs/schemas/
// says - the result of each action and the harness failure any of them prints instead - and the
// schemas are no rubber stamp: a record with a field missing, mistyped or added fails.
// Method, without root or libvirt: the records of corpus/real through real-run's schema; each
// action run in-process (src/cli/commands/real.ts) with an injected machine and the real harness
// module, a few of its operations answered instead from corpus records and from the pure
// functions behind the real answers (judgeCase, realCaseFile), or run for real on a fake state
// file (status, down); its stdout parsed with the action's schema. The harness failure also
// through main, with this machine as it is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RealDeps } from '../../src/cli/commands/real.js';
import { libvirtPolicy } from '../../src/model/policy.js';
import { ok } from '../../src/real/errors.js';
import type { CaseResult } from '../../src/real/fuzz/campaign.js';
import { realCaseFile, realCaseFromJson } from '../../src/real/fuzz/case-file.js';
import { caseScenario, type RealFuzzCase } from '../../src/real/fuzz/fuzz-case.js';
import { judgeCase } from '../../src/real/fuzz/judge.js';
import * as realHarness from '../../src/real/harness.js';
import { scratchLayout } from '../../src/real/layout.js';
import { writeState } from '../../src/real/state-file.js';
import { useCleanups } from '../support/cleanups.js';
import { runCli } from '../support/cli.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';
import { expectValid, schemaOf } from '../support/json-schemas.js';
import { everything, projectFiles, runReal } from '../support/real-cli.js';
import { realRecord } from '../support/real-records.js';
import { stateFor } from '../support/real-state.js';

const cleanups = useCleanups();

const recordNames = readdirSync(join(projectRoot, 'corpus/real')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

/** The real harness, with some of its operations answered by the test. */
function harness(parts: Partial<typeof realHarness> = {}, probe = everything): RealDeps {
  return { probe, harness: () => Promise.resolve({ ...realHarness, ...parts }) };
}

const valid = (name: string, value: unknown): boolean => schemaOf(name).safeParse(value).success;

describe('real run --json', () => {
  it('every record in corpus/real is a real-run document', () => {
    expect(recordNames.length).toBeGreaterThan(20);
    for (const name of recordNames) expectValid('real-run', readProjectFile(`corpus/real/${name}.json`));
  });

  it('a record with a field missing, mistyped or not described is not', () => {
    const { timings: _timings, ...noTimings } = realRecord('a-copy-storage-all');
    const record = realRecord('l-abort-mirror');
    const [first, ...rest] = record.phases;
    if (!first) throw new Error('no phases');
    const { side: _side, ...sideless } = first;
    expect(valid('real-run', record)).toBe(true);
    expect(valid('real-run', noTimings)).toBe(false);
    expect(valid('real-run', { ...record, durationMs: String(record.durationMs) })).toBe(false);
    expect(valid('real-run', { ...record, extra: 1 })).toBe(false);
    expect(valid('real-run', { ...record, phases: [sideless, ...rest] })).toBe(false);
    expect(valid('real-run', { ...record, outcome: { result: 'aborted' } })).toBe(false);
    expect(valid('real-run', { ...record, scenario: { ...record.scenario, disks: [{ name: 'vda' }] } })).toBe(false);
  });

  it('prints the record the harness made, or the scenario it refused as a harness failure', async () => {
    const scratch = await cleanups.scratch();
    const record = realRecord('rewrite-drop-nbd-perform');
    const run = await runReal(['run', '--dir', scratch, '--json'], harness({ runScenario: () => Promise.resolve(ok({ ...record, capturedFrames: [] })) }));
    expect(run.code, run.err).toBe(0);
    expect(expectValid('real-run', run.out)).toEqual(record);
    const refused = await runReal(['run', '--offline', '--guest', 'running', '--json'], harness({}, { ...everything, uid: 1000 }));
    expect(refused.code).toBe(2);
    expect(expectValid('real-run', refused.out)).toMatchObject({ ok: false, error: { code: 'scenario-invalid' } });
  });
});

describe('real diff --json', () => {
  const records = recordNames.flatMap((name) => ['--record', `corpus/real/${name}.json`]);

  it('every corpus record against its simulation', async () => {
    const run = await runReal(['diff', ...records, '--json'], harness({}, { ...everything, uid: 1000 }));
    expect(run.code, run.err).toBeLessThan(2);
    expect(expectValid('real-diff', run.out)).toMatchObject({ ok: true, scenarios: expect.arrayContaining([expect.objectContaining({ name: 'corpus/real/a-copy-storage-all.json' })]) });
  });

  it('a record with differences left unexplained, and a file that is no record', async () => {
    const edited = async (path: string): Promise<Uint8Array> => new TextEncoder().encode(new TextDecoder().decode(await projectFiles(path)).replace('<hostname>hosta</hostname>', '<hostname>elsewhere</hostname>'));
    const run = await runReal(['diff', '--record', 'corpus/real/a-copy-storage-all.json', '--json'], harness(), edited);
    expect(run.code).toBe(1);
    const json = expectValid('real-diff', run.out) as { unexplained: number };
    expect(json.unexplained).toBeGreaterThan(0);
    expect(valid('real-diff', { ...json, unexplained: -1 })).toBe(false);
    const notRecord = await runReal(['diff', '--record', 'corpus/regressions/lost-finish-reply.json', '--json'], harness());
    expect(notRecord.code).toBe(2);
    expect(expectValid('real-diff', notRecord.out)).toMatchObject({ ok: false, error: { code: 'record-invalid' } });
  });
});

describe('real fuzz and real replay --json', () => {
  // The p2p run whose Perform cookie lost <nbd> in flight, as a fuzz case (test/real/fuzz.test.ts).
  const record = realRecord('rewrite-drop-nbd-perform');
  const perform = record.rpc?.events.find((e) => e.point === 'perform');
  const bytes = (xml: string): Uint8Array => new TextEncoder().encode(`${xml}\0`);
  const [sent, delivered] = [bytes(perform?.cookieBefore ?? ''), bytes(perform?.cookieAfter ?? '')];
  const item: RealFuzzCase = { point: 'perform', variant: 'plain', fault: { kind: 'mutate', edits: [{ kind: 'remove', target: [Math.ceil((4 * 1_000_001) / 6)] }] } };
  const judgement = judgeCase(item, record, delivered, libvirtPolicy);
  const passing: CaseResult = {
    index: 1, item, durationMs: 4200, outcome: 'completed (nbd)', judgement, harnessError: null, caseFile: null, proxyErrors: [], deliveredBase64: Buffer.from(delivered).toString('base64'),
  };
  const planted = { ...judgement, failure: 'planted for the test' };
  const failing: CaseResult = {
    ...passing, index: 2, judgement: planted,
    caseFile: realCaseFile({ item, index: 2, seed: 1, policy: libvirtPolicy, scenario: caseScenario('plain'), sent, delivered, judgement: planted, provenance: record.provenance }),
  };
  const harnessError: CaseResult = { ...passing, index: 3, outcome: 'harness error', judgement: null, harnessError: 'the proxy never saw the perform cookie', deliveredBase64: null };
  // The cases of a recorded campaign (corpus/real/fuzz/README.md: caseFile, null in each, was dropped).
  const recorded = (JSON.parse(readProjectFile('corpus/real/fuzz/nbd-port-stock-libvirt.json')) as { cases: Omit<CaseResult, 'caseFile'>[] }).cases
    .map((c, i): CaseResult => ({ ...c, index: 4 + i, caseFile: null }));

  it('a campaign: every case, the failing one with its case file', async () => {
    const out = await cleanups.scratch();
    const results = [passing, failing, harnessError, ...recorded];
    const runFuzzCampaign: typeof realHarness.runFuzzCampaign = async (options) => {
      for (const result of results) await options.onCase?.(result);
      return ok({ results, elapsedMs: 90_000, provenance: record.provenance });
    };
    const run = await runReal(['fuzz', '--dir', out, '--out-dir', out, '--runs', String(results.length), '--json'], harness({ runFuzzCampaign }));
    expect(run.code, run.err).toBe(1);
    const json = expectValid('real-fuzz', run.out) as { caseFiles: string[]; cases: unknown[] };
    expect(json.caseFiles).toHaveLength(1);
    expect(json.cases).toHaveLength(results.length);
    expect(valid('real-fuzz', { ...json, cases: [{ ...passing, item: { ...item, point: 'confirm' } }] })).toBe(false);
  });

  it('a case replayed on the pair', async () => {
    const replayRealCase: typeof realHarness.replayRealCase = () => Promise.resolve(ok({ ...passing, judgement: planted }));
    const run = await runReal(['replay', 'corpus/real/fuzz/iso-8859-1-declaration.json', '--json'], harness({ replayRealCase }));
    expect(run.code, run.err).toBe(1);
    const file = realCaseFromJson('iso', readProjectFile('corpus/real/fuzz/iso-8859-1-declaration.json'));
    expect(expectValid('real-replay', run.out)).toMatchObject({ ok: true, reproduces: true, recorded: file.ok ? file.value.real.judgement : null });
  });
});

describe('real up, status and down --json', () => {
  it('up: the state the harness wrote', async () => {
    const scratch = await cleanups.scratch();
    const state = stateFor(scratch, { tls: true, hosts: { A: { unsharePid: 10, holderPid: 11, libvirtdPid: 12, netns: 'net:[4026532175]', qemuPids: [] }, B: stateFor(scratch).hosts.B } });
    const run = await runReal(['up', '--dir', scratch, '--json'], harness({ up: () => Promise.resolve(ok(state)) }));
    expect(run.code, run.err).toBe(0);
    expect(expectValid('real-up', run.out)).toEqual({ ok: true, state });
  });

  it('status: hosts recorded but not running, then no hosts up', async () => {
    const scratch = await cleanups.scratch();
    await writeState(scratchLayout(scratch).stateFile, stateFor(scratch));
    const run = await runReal(['status', '--dir', scratch, '--json'], harness());
    expect(run.code, run.err).toBe(1);
    expect(expectValid('real-status', run.out)).toMatchObject({ ok: true, healthy: false, hosts: { A: { hostname: 'hosta', answering: false } } });
    const none = await runReal(['status', '--dir', join(scratch, 'none'), '--json'], harness());
    expect(none.code).toBe(2);
    expect(expectValid('real-status', none.out)).toMatchObject({ ok: false, error: { code: 'hosts-not-up' } });
  });

  it('down: what it stopped and removed', async () => {
    const scratch = await cleanups.scratch();
    await writeState(scratchLayout(scratch).stateFile, stateFor(scratch));
    const noIp = { ...everything, find: (name: string) => (name === 'ip' ? '/nonexistent/ip' : `/usr/bin/${name}`) };
    const run = await runReal(['down', '--dir', scratch, '--json'], harness({}, noIp));
    expect(run.code, run.err).toBe(0);
    expect(expectValid('real-down', run.out)).toEqual({ ok: true, scratch, stoppedPids: [], vethDeleted: [], scratchRemoved: true });
  });
});

describe('the harness failure, through main on this machine', () => {
  it.each([
    ['real-status', ['real', 'status', '--json', '--dir', '/nonexistent/migsim-real'], {}],
    ['real-down', ['real', 'down', '--json'], { MIGSIM_REAL_DIR: 'not plain' }],
    ['real-up', ['real', 'up', '--json', '--libvirtd', '/nonexistent/libvirtd'], {}],
  ])('%s: %j %j', async (name, args, env) => {
    const run = await runCli(args, undefined, env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^migsim real: .+\n$/);
    expect(expectValid(name, run.stdout)).toMatchObject({ ok: false });
    expect(valid(name, { ok: false, error: { code: 'no-such-code', message: 'x' } })).toBe(false);
  });
});
