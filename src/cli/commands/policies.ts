// `migsim policies`: the designer policy presets and switches.
import { policyPresets, policySwitches } from '../../model/policy.js';
import { exitCode, type CliIo } from '../io.js';

export async function policiesCommand(_args: readonly string[], io: CliIo): Promise<number> {
  const lines = ['Presets (combine with switches: --policy strict,fallback=fail):'];
  for (const [name, policy] of policyPresets) lines.push(`  ${name.padEnd(10)} ${JSON.stringify(policy)}`);
  lines.push('', 'Switches (key=value):');
  for (const [key, entry] of policySwitches) lines.push(`  ${`${key}=${entry.values.join('|')}`.padEnd(44)} ${entry.help}`);
  lines.push('', 'A policy file holds a JSON object, e.g. {"base": "libvirt", "nbd-gate": "feature-bit"}; pass it as --policy @FILE.');
  io.out(lines.join('\n') + '\n');
  return exitCode.ok;
}
