// JUnit XML for CI systems: one test case per campaign target (failed or passed), and one
// skipped test case per kind of known finding, so that expected libvirt behaviour is visible
// without failing the build.
import type { TargetCampaign } from './runner.js';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(campaigns: readonly TargetCampaign<unknown>[], replayCommand: string | null): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="migsim fuzz">'];
  for (const c of campaigns) {
    const known = c.known.length;
    lines.push(`  <testsuite name="migsim fuzz ${c.target}" tests="${1 + known}" failures="${c.failure ? 1 : 0}" skipped="${known}" time="${(c.elapsedMs / 1000).toFixed(3)}">`);
    lines.push(`    <testcase classname="migsim.fuzz.${c.target}" name="${c.runs} cases" time="${(c.elapsedMs / 1000).toFixed(3)}">`);
    if (c.failure) {
      const first = c.failure.failures[0];
      lines.push(`      <failure message="${escape(`${first?.oracle ?? 'failure'}: ${first?.message ?? ''}`)}">${escape(replayCommand ?? '')}</failure>`);
    }
    lines.push('    </testcase>');
    for (const k of c.known) {
      lines.push(`    <testcase classname="migsim.fuzz.${c.target}.known" name="${escape(`${k.oracle} (${k.source})`)}"><skipped message="${escape(`known libvirt behaviour, seen ${k.count} times: ${k.explanation}`)}"/></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
