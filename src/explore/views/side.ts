// One side of the migration in the form: a libvirt release, a QEMU release and its capabilities
// one by one. A box that differs from what the QEMU release has becomes a `+cap`/`-cap` switch.
// A version that is not a real release is reported under the field and not used.
import type { Side } from '../../model/migration/types.js';
import { qemuCapabilities, qemuCapabilityRanges, type QemuCapability } from '../../model/versions/qemu.js';
import { parseSideSpec } from '../../model/versions/profile.js';
import type { App } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import type { ExploreState } from '../state.js';
import { defaultCapabilities, effectiveCapabilities, sideParts, sideSpec } from '../versions.js';

export interface SideFieldset {
  readonly element: HTMLFieldSetElement;
  update(state: ExploreState): void;
}

const stateKey = { source: 'source', target: 'target' } as const;

export function mountSide(app: App, side: Side): SideFieldset {
  const id = (name: string): string => `${side}-${name}`;
  const libvirt = h('input', { id: id('libvirt'), list: 'libvirt-versions', autocomplete: 'off', spellcheck: 'false', size: 8, 'aria-describedby': id('problem') });
  const qemu = h('input', { id: id('qemu'), list: 'qemu-versions', autocomplete: 'off', spellcheck: 'false', size: 8, 'aria-describedby': id('problem') });
  const boxes = new Map<QemuCapability, HTMLInputElement>();
  const marks = new Map<QemuCapability, HTMLElement>();
  const capItems = qemuCapabilities.map((cap) => {
    const box = h('input', { type: 'checkbox', id: id(`cap-${cap}`) });
    const mark = h('span', { class: 'switched' });
    boxes.set(cap, box);
    marks.set(cap, mark);
    return h('li', {}, box, h('label', { for: id(`cap-${cap}`), title: qemuCapabilityRanges[cap].why }, cap, mark));
  });
  const problem = h('p', { class: 'problem', id: id('problem') });
  const spec = h('p', { class: 'spec' });
  const capsSummary = h('summary', {}, 'QEMU capabilities');
  const apply = (text: string): void => {
    const parsed = parseSideSpec(text);
    fill(problem, parsed.ok ? '' : parsed.message);
    libvirt.setAttribute('aria-invalid', String(!parsed.ok));
    qemu.setAttribute('aria-invalid', String(!parsed.ok));
    if (parsed.ok) app.set({ [stateKey[side]]: text });
  };
  const onVersion = (): void => {
    const old = sideParts(app.state()[stateKey[side]]);
    const base = defaultCapabilities(qemu.value.trim());
    // Keep the switches that still change something on the new QEMU release.
    const kept = old.switches.filter((s) => base === null || base.has(s.slice(1) as QemuCapability) !== s.startsWith('+'));
    apply([`libvirt=${libvirt.value.trim()}`, `qemu=${qemu.value.trim()}`, ...kept].join(','));
  };
  const onBox = (): void => {
    const checked = new Set(qemuCapabilities.filter((cap) => boxes.get(cap)?.checked));
    apply(sideSpec(libvirt.value.trim(), qemu.value.trim(), checked));
  };
  libvirt.addEventListener('change', onVersion);
  qemu.addEventListener('change', onVersion);
  for (const box of boxes.values()) box.addEventListener('change', onBox);
  const element = h('fieldset', { class: 'side' }, h('legend', {}, side === 'source' ? 'Source' : 'Destination'),
    h('div', { class: 'versions' },
      h('label', { for: id('libvirt') }, 'libvirt ', libvirt), h('label', { for: id('qemu') }, 'QEMU ', qemu)),
    // The capabilities are one click away, so that the setup stays short and the run near it.
    h('details', { class: 'caps' }, capsSummary, h('fieldset', {}, h('legend', {}, 'QEMU capabilities'), h('ul', {}, ...capItems))), problem, spec);
  return {
    element,
    update: (state) => {
      const parts = sideParts(state[stateKey[side]]);
      if (document.activeElement !== libvirt) libvirt.value = parts.libvirt;
      if (document.activeElement !== qemu) qemu.value = parts.qemu;
      const caps = effectiveCapabilities(parts);
      const base = defaultCapabilities(parts.qemu);
      for (const [cap, box] of boxes) {
        box.checked = caps.has(cap);
        const switched = base !== null && base.has(cap) !== caps.has(cap);
        fill(marks.get(cap) ?? box, switched ? (caps.has(cap) ? ' (switched on)' : ' (switched off)') : '');
      }
      fill(spec, 'spec ', code(state[stateKey[side]]));
      const switched = parts.switches.length > 0 ? `, switched: ${parts.switches.join(' ')}` : '';
      fill(capsSummary, `QEMU capabilities (${caps.size} of ${qemuCapabilities.length}${switched})`);
      // A problem about a value typed but not used stays until the fields show the state again.
      if (libvirt.value === parts.libvirt && qemu.value === parts.qemu) {
        const parsed = parseSideSpec(state[stateKey[side]]);
        fill(problem, parsed.ok ? '' : parsed.message);
      }
    },
  };
}
