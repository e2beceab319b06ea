// Goal: the explorer's pure parts say what the CLI says: a URL
// restores the state it was written from (edits included), an edit is delivered exactly, the
// prepared mutations make the receiver react as libvirt and strict do, and the diagram draws
// one button per cookie sent. Method: run the real simulator in Node on the same inputs.
import { describe, expect, it } from 'vitest';
import { explorerHtml } from '../../src/explore/page.js';
import { diagramSvg } from '../../src/explore/diagram.js';
import { applyEdit, decodeEdit, editBetween, encodeEdit, type CookieEdit } from '../../src/explore/edits.js';
import { decodeState, encodeState } from '../../src/explore/hash.js';
import { mutations } from '../../src/explore/mutations.js';
import { isRun, runExplore, type ExploreRun } from '../../src/explore/simulate.js';
import { changeState, defaultState, type ExploreState } from '../../src/explore/state.js';
import { stepsOf } from '../../src/explore/steps.js';
import { streamScenario } from '../../src/explore/stream-model.js';
import { SimClient } from '../../src/explore/worker/client.js';

const today = 'libvirt=12.5.0,qemu=9.2.0';
const newToNew: ExploreState = { ...defaultState, source: today, target: today };

function run(state: ExploreState): ExploreRun {
  const result = runExplore(state);
  if (!isRun(result)) throw new Error(result.problems.join('; '));
  return result;
}

const code = (state: ExploreState): string | null => run(state).result.outcome.error?.code ?? null;

describe('URL hash', () => {
  const edits: CookieEdit[] = [
    { phase: 'begin', kind: 'mutation', mutation: 'unknown-feature' },
    { phase: 'prepare', kind: 'splice', at: 312, remove: "port='49153'", insert: "port='a:b +c%d&e#f <x>'" },
  ];
  const state: ExploreState = {
    source: `${today},-nbd-server,+nbd-tls`, target: 'libvirt=1.0.2,qemu=1.3.0', storage: 'inc', mode: 'p2p',
    policy: 'strict,nbd-gate=feature-bit', seed: 42, edits,
    stream: { disk: '1TiB', bandwidth: '10Gbit/s', rtt: '250us', dirty: '40MiB/s', copyMode: 'write-blocking' }, step: 2, at: 5, open: 'prepare',
  };

  it('restores every field, edits with any characters included', () => {
    const hash = encodeState(state);
    expect(decodeState(`#${hash}`)).toEqual({ state, problems: [] });
    expect(hash).toContain('src=libvirt=12.5.0,qemu=9.2.0,-nbd-server,+nbd-tls&');
    expect(hash).toContain('edit=begin:unknown-feature&');
  });

  it('reports what it cannot read and keeps the default for it', () => {
    const decoded = decodeState('#storage=most&seed=x&edit=prepare:nonsense&mode=p2p&open=later');
    expect(decoded.problems).toEqual(["storage 'most'", "seed 'x'", "edit 'prepare:nonsense'", "open 'later'"]);
    expect(decoded.state).toEqual({ ...defaultState, mode: 'p2p' });
  });

  it('a new run drops the edits of the old one; a policy change keeps them', () => {
    expect(changeState(state, { seed: 7 })).toMatchObject({ edits: [], step: null, at: null, open: null });
    expect(changeState(state, { step: 1 })).toMatchObject({ step: 1, at: null, open: 'prepare' });
    expect(changeState(state, { policy: 'libvirt' }).edits).toEqual(edits);
  });
});

describe('cookie edits', () => {
  const prepare = run(newToNew).result.phases.find((p) => p.phase === 'prepare')?.cookie ?? '';

  it('a hand edit is one splice that reproduces the edited cookie and survives the URL', () => {
    const edited = prepare.replace("port='49153'", "port='0x10'");
    const edit = editBetween('prepare', prepare, edited);
    expect(edit).toMatchObject({ kind: 'splice', remove: '49153', insert: '0x10' });
    if (!edit) throw new Error('no edit');
    expect(applyEdit(edit, prepare)).toBe(edited);
    expect(decodeEdit(encodeEdit(edit))).toEqual(edit);
    expect(applyEdit(edit, prepare.replace('49153', '49999'))).toBeNull();
  });

  it('a cookie equal to a prepared mutation is stored by name', () => {
    const badPort = mutations.find((m) => m.name === 'bad-port')?.apply(prepare) ?? '';
    expect(editBetween('prepare', prepare, badPort)).toEqual({ phase: 'prepare', kind: 'mutation', mutation: 'bad-port' });
  });

  const cases: [string, string, string | null, string | null][] = [
    // mutation, phase, code under libvirt, code under strict
    ['bad-port', 'prepare', 'nbd-connect-failed', 'nbd-port-out-of-range'],
    ['dup-nbd', 'prepare', null, 'duplicate-element'],
    ['unknown-feature', 'prepare', 'unknown-feature', 'unknown-feature'],
    ['no-nbd', 'prepare', 'nbd-not-set-up', 'nbd-not-set-up'],
    ['dup-nbd', 'begin', null, 'duplicate-element'],
  ];
  it.each(cases)('%s on the %s cookie: libvirt %s, strict %s', (mutation, phase, libvirt, strict) => {
    const state = { ...newToNew, edits: [decodeEdit(`${phase}:${mutation}`)].filter((e) => e !== null) };
    expect(state.edits).toHaveLength(1);
    expect(code(state)).toBe(libvirt);
    expect(code({ ...state, policy: 'strict' })).toBe(strict);
  });

  it('the duplicate names another port, so last-wins reading fails where first-match completes', () => {
    const state = { ...newToNew, edits: [{ phase: 'prepare', kind: 'mutation', mutation: 'dup-nbd' } as const] };
    const error = run({ ...state, policy: 'libvirt,duplicate-nbd=last-wins' }).result.outcome.error;
    expect(error).toMatchObject({ code: 'nbd-connect-failed' });
    expect(error?.message).toContain(':49154');
  });
});

describe('steps and diagram', () => {
  it('one step per phase, each with the cookie it sent; one button per cookie', () => {
    const { result, scenario } = run(newToNew);
    const steps = stepsOf(result);
    expect(steps.map((s) => s.phase)).toEqual(result.phases.map((p) => p.phase));
    expect(steps.map((s) => s.cookie?.xml ?? null)).toEqual(result.phases.map((p) => p.cookie));
    const names = { source: scenario.source.profile.name, target: scenario.target.profile.name };
    const svg = diagramSvg({ steps, shown: steps.length, regular: true, names, outcome: result.outcome, open: 'prepare' });
    expect(svg.match(/data-cookie="/g)).toHaveLength(4);
    expect(svg).toContain('aria-pressed="true"');
    expect(svg).toContain('Completed: NBD mirror');
    const partial = diagramSvg({ steps, shown: 2, regular: true, names, outcome: null, open: null });
    expect(partial.match(/data-cookie="/g)).toHaveLength(2);
    expect(partial).not.toContain('Completed');
  });

  it('a v2 run has no cookies to draw', () => {
    const steps = stepsOf(run({ ...defaultState, source: 'libvirt=0.9.1,qemu=1.3.0' }).result);
    expect(steps.map((s) => s.phase)).toEqual(['prepare', 'perform', 'finish']);
    expect(steps.every((s) => s.cookie === null)).toBe(true);
  });
});

describe('simulation jobs', () => {
  it('run in the page, with the same results, where no worker can start', async () => {
    const client = new SimClient(null);
    const reply = await client.submit('run', { kind: 'run', state: newToNew, policy: null });
    expect(reply.ok && reply.result.traceHash).toBe(run(newToNew).result.traceHash);
    const stream = await client.submit('stream', { kind: 'stream', settings: { ...defaultState.stream, disk: '1GiB' } });
    expect(stream.ok && stream.result.readySeconds).toBeGreaterThan(0);
    const bad = await client.submit('run', { kind: 'run', state: { ...newToNew, source: 'libvirt=0.1' }, policy: null });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^source: /)]);
  });
});

describe('page and stream inputs', () => {
  it('inlines a script that mentions </script without ending early', () => {
    const html = explorerHtml('var s = "</script><b>";', 'body{}');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain("default-src 'none'");
  });

  it('reads stream settings with the CLI unit parsers and names the field at fault', () => {
    expect(streamScenario(defaultState.stream)).toEqual({ ok: true, scenario: { diskBytes: 10 * 2 ** 30, bandwidthBytesPerSecond: 2 ** 30, rttNs: 1e6, guestWrites: null, copyMode: 'background' } });
    const bad = streamScenario({ ...defaultState.stream, rtt: '5', disk: '10 parsecs' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['disk', 'rtt']);
  });
});
