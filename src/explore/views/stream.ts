// The block stream of a run that copies storage over NBD: disk size, link bandwidth and RTT,
// guest write rate and copy mode in, time to READY, throughput and the remaining-dirty and
// throughput chart out, from simulateMirror and drawn by the same chart code as
// `migsim stream --svg` (shown as an image, so its styles stay inside it).
import { mirrorChart } from '../../render/stream-report.js';
import { formatBytes, formatDurationNs, formatRate } from '../../model/units.js';
import { simulateMirror, type MirrorResult } from '../../sim/stream/index.js';
import type { App, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { storageWords } from '../labels.js';
import type { CopyMode, StreamSettings } from '../state.js';
import { copiesOverNbd, streamCli, streamScenario } from '../stream-model.js';

type TextField = Exclude<keyof StreamSettings, 'copyMode'>;

const fields: readonly [TextField, string, string][] = [
  ['disk', 'Disk size', 'e.g. 10GiB, 1TiB'],
  ['bandwidth', 'Link bandwidth', 'e.g. 1GiB/s, 10Gbit/s'],
  ['rtt', 'Round-trip time', 'e.g. 1ms, 250us'],
  ['dirty', 'Guest write rate', '0 for none, e.g. 20MiB/s'],
];

function resultView(r: MirrorResult, settings: StreamSettings): HTMLElement[] {
  const ready = r.readySeconds !== null ? `READY after ${formatDurationNs(r.readySeconds * 1e9)}`
    : `Not READY within ${formatDurationNs(r.simulatedSeconds * 1e9)}: ${r.reason ?? 'did not converge'}`;
  const chart = mirrorChart(r, null);
  return [
    h('p', { class: 'headline' }, ready),
    h('p', {}, `Throughput ${formatRate(r.throughputBytesPerSecond)}, limited by ${r.limitedBy}; ${formatBytes(r.bytesTransferred)} sent in ${r.operations} operations`
      + `${r.scenario.guestWrites ? `; the guest wrote ${formatRate(r.guestWriteBytesPerSecond)}` : ''}.`),
    h('p', {}, 'The same run in a terminal: ', code(streamCli(settings))),
    h('div', { class: 'chart' }, h('img', {
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
    const problem = h('span', { class: 'problem', id: `stream-${key}-hint` }, hint);
    inputs.set(key, input);
    problems.set(key, problem);
    return h('div', { class: 'field' }, h('label', { for: `stream-${key}` }, label), input, problem);
  });
  const copyMode = h('select', { id: 'stream-copy' }, h('option', { value: 'background' }, 'background'), h('option', { value: 'write-blocking' }, 'write-blocking'));
  const form = h('form', { class: 'stream-form', novalidate: true }, ...rows,
    h('div', { class: 'field' }, h('label', { for: 'stream-copy' }, 'Copy mode'), copyMode),
    h('p', {}, h('button', { type: 'submit', id: 'stream-run' }, 'Run the stream model')));
  const notice = h('p', { class: 'notice' });
  const result = h('div', { id: 'stream-result', 'aria-live': 'polite' });
  let computedFor = '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = (key: TextField): string => inputs.get(key)?.value.trim() ?? '';
    const settings: StreamSettings = { disk: text('disk'), bandwidth: text('bandwidth'), rtt: text('rtt'), dirty: text('dirty'), copyMode: copyMode.value as CopyMode };
    const checked = streamScenario(settings);
    for (const [key, , hint] of fields) fill(problems.get(key) ?? result, checked.ok ? hint : checked.problems.find((p) => p.field === key)?.message ?? hint);
    for (const [key, input] of inputs) input.setAttribute('aria-invalid', String(!checked.ok && checked.problems.some((p) => p.field === key)));
    if (checked.ok) app.set({ stream: settings });
  });
  const compute = (settings: StreamSettings): void => {
    const checked = streamScenario(settings);
    if (!checked.ok) {
      fill(result, h('p', { class: 'problem' }, checked.problems.map((p) => `${p.field}: ${p.message}`).join('; ')));
      return;
    }
    result.removeAttribute('data-ready-seconds');
    fill(result, h('p', {}, 'Simulating the mirror…'));
    // Let the page paint the notice first: a long run holds the page for a while.
    setTimeout(() => {
      const r = simulateMirror(checked.scenario);
      result.dataset['readySeconds'] = r.readySeconds === null ? 'never' : String(r.readySeconds);
      fill(result, ...resultView(r, settings));
    }, 0);
  };
  const element = h('section', { id: 'stream', 'aria-labelledby': 'stream-title' },
    h('h2', { id: 'stream-title' }, 'The block stream: how long the NBD copy takes'),
    h('p', {}, 'QEMU\'s mirror job copying the disk into the destination\'s NBD server, from the same model as ', code('migsim stream'), ' (docs/stream.md): when does it get READY while the guest keeps writing?'),
    notice, form, result);
  return {
    element,
    update: (state, derived) => {
      const applies = derived.run !== null && copiesOverNbd(derived.run.result);
      const storage = derived.run ? storageWords[derived.run.result.outcome.storage] : 'no run';
      fill(notice, applies ? '' : `This run does not copy storage over NBD (${storage}); the model below is for a run that does, such as review case 5.`);
      for (const [key, input] of inputs) if (document.activeElement !== input) input.value = state.stream[key];
      copyMode.value = state.stream.copyMode;
      const key = JSON.stringify(state.stream);
      if (key === computedFor) return;
      computedFor = key;
      compute(state.stream);
    },
  };
}
