// The block stream of a run that copies storage over NBD: disk size, link bandwidth and RTT,
// guest write rate and copy mode in, time to READY, throughput and the remaining-dirty and
// throughput chart out, from simulateMirror and drawn by the same chart code as
// `migsim stream --svg` (shown as an image, so its styles stay inside it). The model runs on
// demand, in the worker, with a running clock and a Cancel button: a long one takes seconds.
import { formatBytes, formatDurationNs, formatRate } from '../../model/units.js';
import type { MirrorResult } from '../../sim/stream/index.js';
import type { App, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { storageWords } from '../labels.js';
import type { CopyMode, StreamSettings } from '../state.js';
import { copiesOverNbd, streamCli, streamScenario } from '../stream-model.js';
import { Cancelled } from '../worker/client.js';

type TextField = Exclude<keyof StreamSettings, 'copyMode'>;

const fields: readonly [TextField, string, string][] = [
  ['disk', 'Disk size', 'e.g. 10GiB, 1TiB'],
  ['bandwidth', 'Link bandwidth', 'e.g. 1GiB/s, 10Gbit/s'],
  ['rtt', 'Round-trip time', 'e.g. 1ms, 250us'],
  ['dirty', 'Guest write rate', '0 for none, e.g. 20MiB/s'],
];

function resultView(r: MirrorResult, chart: string, settings: StreamSettings): HTMLElement[] {
  const ready = r.readySeconds !== null ? `READY after ${formatDurationNs(r.readySeconds * 1e9)}`
    : `Not READY within ${formatDurationNs(r.simulatedSeconds * 1e9)}: ${r.reason ?? 'did not converge'}`;
  return [
    h('p', { class: 'headline' }, ready),
    h('p', {}, `Throughput ${formatRate(r.throughputBytesPerSecond)}, limited by ${r.limitedBy}; ${formatBytes(r.bytesTransferred)} sent in ${r.operations} operations`
      + `${r.scenario.guestWrites ? `; the guest wrote ${formatRate(r.guestWriteBytesPerSecond)}` : ''}.`),
    h('p', {}, 'The same run in a terminal: ', code(streamCli(settings))),
    // A region of its own: on a phone the chart scrolls sideways, so it takes keyboard focus.
    h('div', { class: 'chart', tabindex: 0, role: 'region', 'aria-label': 'Chart (scrolls sideways on a narrow screen)' }, h('img', {
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chart)}`, width: 900,
      alt: `Chart of remaining dirty bytes and throughput over virtual time. ${ready}.`,
    })),
  ];
}

export function mountStream(app: App): View {
  const inputs = new Map<TextField, HTMLInputElement>();
  const problems = new Map<TextField, HTMLElement>();
  const rows = fields.map(([key, label, hint]) => {
    const input = h('input', { id: `stream-${key}`, autocomplete: 'off', spellcheck: 'false', size: 10, 'aria-describedby': `stream-${key}-hint` });
    const problem = h('span', { class: 'problem hint', id: `stream-${key}-hint` }, hint);
    inputs.set(key, input);
    problems.set(key, problem);
    return h('div', { class: 'field' }, h('label', { for: `stream-${key}` }, label), input, problem);
  });
  const copyMode = h('select', { id: 'stream-copy' }, h('option', { value: 'background' }, 'background'), h('option', { value: 'write-blocking' }, 'write-blocking'));
  const cancel = h('button', { type: 'button', id: 'stream-cancel', hidden: true }, 'Cancel');
  const form = h('form', { class: 'stream-form', novalidate: true }, ...rows,
    h('div', { class: 'field' }, h('label', { for: 'stream-copy' }, 'Copy mode'), copyMode),
    h('p', {}, h('button', { type: 'submit', id: 'stream-run' }, 'Run the stream model'), ' ', cancel));
  const notice = h('p', { class: 'notice' });
  const progress = h('progress', { id: 'stream-progress', 'aria-label': 'Stream model running', hidden: true });
  const elapsed = h('span', { class: 'elapsed' });
  const result = h('div', { id: 'stream-result', 'aria-busy': 'false' }, h('p', {}, 'Run the model to see when the mirror gets READY.'));
  let generation = 0;
  let shownSettings = '';
  let ticker: ReturnType<typeof setInterval> | null = null;
  const idle = (): void => {
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
    progress.hidden = true;
    cancel.hidden = true;
    fill(elapsed, '');
    result.setAttribute('aria-busy', 'false');
  };
  cancel.addEventListener('click', () => {
    generation += 1;
    app.sim.cancel('stream');
    idle();
    fill(result, h('p', {}, 'Cancelled.'));
    app.announce('Stream model cancelled.');
  });
  // The model runs in the worker, on demand: it can take seconds, and the page stays responsive meanwhile.
  const compute = (settings: StreamSettings): void => {
    const mine = ++generation;
    app.sim.cancel('stream');
    result.removeAttribute('data-ready-seconds');
    result.setAttribute('aria-busy', 'true');
    fill(result, h('p', {}, 'Simulating the mirror…'));
    progress.hidden = false;
    cancel.hidden = false;
    const started = performance.now();
    ticker = setInterval(() => fill(elapsed, ` ${((performance.now() - started) / 1000).toFixed(1)} s`), 200);
    app.sim.submit('stream', { kind: 'stream', settings }).then((reply) => {
      if (mine !== generation) return;
      idle();
      if (!reply.ok) {
        fill(result, h('p', { class: 'problem' }, reply.message));
        return;
      }
      const r = reply.result;
      result.dataset['readySeconds'] = r.readySeconds === null ? 'never' : String(r.readySeconds);
      fill(result, ...resultView(r, reply.chart, settings));
      app.announce(`Stream model: ${r.readySeconds === null ? 'never READY' : `READY after ${formatDurationNs(r.readySeconds * 1e9)}`}.`);
    }, (error: unknown) => {
      if (mine !== generation || error instanceof Cancelled) return;
      idle();
      fill(result, h('p', { class: 'problem' }, String(error)));
    });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = (key: TextField): string => inputs.get(key)?.value.trim() ?? '';
    const settings: StreamSettings = { disk: text('disk'), bandwidth: text('bandwidth'), rtt: text('rtt'), dirty: text('dirty'), copyMode: copyMode.value as CopyMode };
    const checked = streamScenario(settings);
    for (const [key, , hint] of fields) fill(problems.get(key) ?? result, checked.ok ? hint : checked.problems.find((p) => p.field === key)?.message ?? hint);
    for (const [key, input] of inputs) input.setAttribute('aria-invalid', String(!checked.ok && checked.problems.some((p) => p.field === key)));
    if (!checked.ok) return;
    app.set({ stream: settings });
    compute(settings);
  });
  const element = h('section', { id: 'stream', 'aria-labelledby': 'stream-title' },
    h('h2', { id: 'stream-title' }, 'The block stream: how long the NBD copy takes'),
    h('p', {}, 'QEMU\'s mirror job copying the disk into the destination\'s NBD server, from the same model as ', code('migsim stream'), ' (docs/stream.md): when does it get READY while the guest keeps writing?'),
    notice, form, h('p', { class: 'stream-progress' }, progress, elapsed), result);
  return {
    element,
    update: (state, derived) => {
      const applies = derived.run !== null && copiesOverNbd(derived.run.result);
      const storage = derived.run ? storageWords[derived.run.result.outcome.storage] : derived.pending ? 'simulating' : 'no run';
      fill(notice, applies || derived.pending ? '' : `This run does not copy storage over NBD (${storage}); the model below is for a run that does, such as review case 5.`);
      // The form follows the state only when the state's settings change (a link, a submit), so
      // that a redraw for a run arriving from the worker never undoes what is being typed.
      const settings = JSON.stringify(state.stream);
      if (settings === shownSettings) return;
      shownSettings = settings;
      for (const [key, input] of inputs) input.value = state.stream[key];
      copyMode.value = state.stream.copyMode;
    },
  };
}
