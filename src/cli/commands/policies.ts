// `migsim policies`: the designer policy presets and switches, each switch by its one spelling.
import { policyPresets, policySwitches, switchValues } from '../../model/policy.js';
import { defineCommand, exits, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import type { PoliciesJson } from '../schemas/policies.js';
import { commandSummaries } from '../summaries.js';

const flags = { json: toggle('print the presets and switches as one JSON object') };

export const policiesSpec: CommandSpec<typeof flags> = {
  name: 'policies',
  summary: commandSummaries.policies,
  positionals: null,
  description: `Lists the designer policy presets (libvirt reproduces libvirt; strict is the bundle of fixes)
and the switches a --policy SPEC or a policy file sets, each by its one spelling. The DesignerPolicy
field names (nbdOfferGate, ...) are accepted too, as older specs and files used them.`,
  flags,
  exits: exits('the list was printed', null),
  schema: 'policies',
};

export function policiesJson(): PoliciesJson {
  return {
    presets: [...policyPresets].map(([name, policy]) => ({ name, switches: switchValues(policy) })),
    switches: [...policySwitches].map(([name, entry]) => ({ name, values: [...entry.values], help: entry.help, aliases: [entry.key] })),
  };
}

export const policiesCommand = defineCommand(policiesSpec, async (values, _positionals, io) => {
  if (values.json) {
    io.out(JSON.stringify(policiesJson(), null, 2) + '\n');
    return exitCode.ok;
  }
  const lines = ['Presets (combine with switches: --policy strict,fallback=fail):'];
  for (const [name, policy] of policyPresets) lines.push(`  ${name.padEnd(10)} ${Object.entries(switchValues(policy)).map(([k, v]) => `${k}=${v}`).join(',')}`);
  lines.push('', 'Switches (key=value):');
  for (const [key, entry] of policySwitches) lines.push(`  ${`${key}=${entry.values.join('|')}`.padEnd(44)} ${entry.help}`);
  lines.push('', 'A policy file holds a JSON object, e.g. {"base": "libvirt", "nbd-gate": "feature-bit", "port-range": true}; pass it as --policy @FILE.');
  io.out(lines.join('\n') + '\n');
  return exitCode.ok;
});
