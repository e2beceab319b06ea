// The designer policy: a preset and every switch of `migsim policies`. The run, the "break it"
// comparison and the matrix all use it; the matrix marks the cells it changes.
import { parsePolicySpec, policySwitches, type DesignerPolicy } from '../../model/policy.js';
import type { App } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { presetOf, specOf, switchText, type PresetName } from '../policy-spec.js';
import type { ExploreState } from '../state.js';

/** connect-timeout takes any number of ms; these are the choices offered. */
const timeoutChoices = ['none', '5000', '30000'];

function optionsFor(name: string, current: string): string[] {
  const values = name === 'connect-timeout' ? timeoutChoices : policySwitches.get(name)?.values ?? [];
  return values.includes(current) ? [...values] : [...values, current];
}

export function mountPolicy(app: App): { element: HTMLElement; update(state: ExploreState): void } {
  const preset = h('select', { id: 'policy-preset' },
    h('option', { value: 'libvirt' }, 'libvirt: libvirt as it is'), h('option', { value: 'strict' }, 'strict: every fix'));
  const current = (): DesignerPolicy | null => {
    const parsed = parsePolicySpec(app.state().policy);
    return parsed.ok ? parsed.policy : null;
  };
  preset.addEventListener('change', () => app.set({ policy: preset.value }));
  const selects = new Map<string, HTMLSelectElement>();
  const rows = [...policySwitches].map(([name, entry]) => {
    const select = h('select', { id: `policy-${name}` });
    select.addEventListener('change', () => {
      const base = current();
      if (!base) return;
      const parsed = parsePolicySpec(`${name}=${select.value}`, base);
      if (parsed.ok) app.set({ policy: specOf(preset.value as PresetName, parsed.policy) });
    });
    selects.set(name, select);
    return h('div', { class: 'switch' }, h('label', { for: `policy-${name}` }, h('span', { class: 'switch-name' }, name), h('span', { class: 'switch-help' }, entry.help)), select);
  });
  const spec = h('p', { class: 'spec' });
  const element = h('fieldset', { class: 'policy' }, h('legend', {}, 'Designer policy'),
    h('label', { for: 'policy-preset' }, 'Preset '), preset,
    h('details', { class: 'switches' }, h('summary', {}, 'Switches (one by one)'), ...rows), spec);
  return {
    element,
    update: (state) => {
      const parsed = parsePolicySpec(state.policy);
      fill(spec, 'policy ', code(state.policy), parsed.ok ? '' : ` — ${parsed.message}`);
      if (!parsed.ok) return;
      preset.value = presetOf(parsed.policy);
      for (const [name, select] of selects) {
        const value = switchText(parsed.policy, name);
        const wanted = optionsFor(name, value);
        if ([...select.options].map((o) => o.value).join() !== wanted.join()) fill(select, ...wanted.map((v) => h('option', { value: v }, v)));
        select.value = value;
      }
    },
  };
}
