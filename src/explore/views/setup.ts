// The run's setup: both sides, the storage mode, the migration mode, the policy and the seed.
import type { CopyStorage, MigrationMode } from '../../model/migration/types.js';
import { parseSeed } from '../../sim/prng.js';
import type { App, View } from '../app-types.js';
import { h } from '../dom.js';
import { libvirtVersions, qemuVersions, type NotableVersion } from '../versions.js';
import { mountPolicy } from './policy.js';
import { mountSide } from './side.js';

const storageChoices: readonly [CopyStorage, string][] = [
  ['all', 'all: copy every disk (--copy-storage-all)'],
  ['inc', 'inc: copy the top image only (--copy-storage-inc)'],
  ['none', 'none: shared storage'],
];

const modeChoices: readonly [MigrationMode, string][] = [
  ['regular', 'regular: the client carries each cookie'],
  ['p2p', 'p2p: the source daemon talks to the destination'],
  ['tunnelled', 'tunnelled: p2p with data through libvirtd'],
];

function datalist(id: string, versions: readonly NotableVersion[]): HTMLDataListElement {
  return h('datalist', { id }, ...versions.map((v) => h('option', { value: v.version, label: `${v.version}: ${v.note}` })));
}

function storageField(app: App): { element: HTMLFieldSetElement; radios: HTMLInputElement[] } {
  const radios = storageChoices.map(([value]) => h('input', { type: 'radio', name: 'storage', id: `storage-${value}`, value,
    onchange: () => app.set({ storage: value }) }));
  const items = storageChoices.map(([value, label], i) => h('div', {}, radios[i] ?? null, h('label', { for: `storage-${value}` }, label)));
  return { element: h('fieldset', { class: 'storage' }, h('legend', {}, 'Copy storage'), ...items), radios };
}

export function mountSetup(app: App): View {
  const source = mountSide(app, 'source');
  const target = mountSide(app, 'target');
  const storage = storageField(app);
  const mode = h('select', { id: 'mode', onchange: () => app.set({ mode: mode.value as MigrationMode }) },
    ...modeChoices.map(([value, label]) => h('option', { value }, label)));
  const seed = h('input', { id: 'seed', type: 'number', min: 0, step: 1, inputmode: 'numeric' });
  seed.addEventListener('change', () => {
    const value = parseSeed(seed.value.trim());
    seed.setAttribute('aria-invalid', String(value === null));
    if (value !== null) app.set({ seed: value });
  });
  const policy = mountPolicy(app);
  const element = h('section', { 'aria-labelledby': 'setup-title', class: 'setup' },
    h('h2', { id: 'setup-title' }, 'Set up a migration'),
    datalist('libvirt-versions', libvirtVersions), datalist('qemu-versions', qemuVersions),
    h('div', { class: 'sides' }, source.element, target.element),
    h('div', { class: 'request' }, storage.element,
      h('div', { class: 'field' }, h('label', { for: 'mode' }, 'Migration mode'), mode),
      h('div', { class: 'field' }, h('label', { for: 'seed' }, 'Seed'), seed)),
    policy.element);
  return {
    element,
    update: (state) => {
      source.update(state);
      target.update(state);
      for (const radio of storage.radios) radio.checked = radio.value === state.storage;
      mode.value = state.mode;
      if (document.activeElement !== seed) seed.value = String(state.seed);
      policy.update(state);
    },
  };
}
