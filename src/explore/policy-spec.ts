// Designer policies as the form shows them: a preset (libvirt or strict) plus the switches that
// differ from it, written back as the shortest `--policy` spec, so that the URL and the CLI
// command say the same thing.
import { libvirtPolicy, policyPresets, policySwitches, switchValue, type DesignerPolicy } from '../model/policy.js';

export type PresetName = 'libvirt' | 'strict';

/** The text a switch takes for a policy's value: `on`, `off`, `none`, `30000`, `feature-bit`... */
export const switchText = switchValue;

export function presetOf(policy: DesignerPolicy): PresetName {
  return policy.name.split('+')[0] === 'strict' ? 'strict' : 'libvirt';
}

/** The shortest spec: the preset, then each switch whose value differs from the preset's. */
export function specOf(preset: PresetName, policy: DesignerPolicy): string {
  const base = policyPresets.get(preset) ?? libvirtPolicy;
  const changed = [...policySwitches.keys()].filter((name) => switchText(policy, name) !== switchText(base, name));
  return [preset, ...changed.map((name) => `${name}=${switchText(policy, name)}`)].join(',');
}

/** Same behaviour, whatever the name. */
export function samePolicy(a: DesignerPolicy, b: DesignerPolicy): boolean {
  return [...policySwitches.keys()].every((name) => switchText(a, name) === switchText(b, name));
}
