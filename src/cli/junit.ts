// JUnit XML for CI systems, from a campaign's summary (one run, or shards merged by `fuzz merge`
// or `--workers`): one test case per target (failed or passed), and one skipped test case per
// kind of known finding, so that expected libvirt behaviour is visible without failing the build.
import type { FuzzJson } from './schemas/fuzz.js';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(summary: FuzzJson): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="migsim fuzz">'];
  for (const t of summary.targets) {
    const known = summary.knownFindings.filter((k) => k.target === t.target);
    const failed = summary.failedCases.filter((f) => f.target === t.target);
    const time = t.durationSeconds.toFixed(3);
    lines.push(`  <testsuite name="migsim fuzz ${t.target}" tests="${1 + known.length}" failures="${failed.length > 0 ? 1 : 0}" skipped="${known.length}" time="${time}">`);
    lines.push(`    <testcase classname="migsim.fuzz.${t.target}" name="${t.runs} cases" time="${time}">`);
    for (const f of failed) lines.push(`      <failure message="${escape(`${f.oracle}: ${f.message}`)}">${escape(f.replay ?? `seed ${f.seed}, path ${f.path}`)}</failure>`);
    lines.push('    </testcase>');
    for (const k of known) {
      lines.push(`    <testcase classname="migsim.fuzz.${t.target}.known" name="${escape(`${k.oracle} (${k.source})`)}"><skipped message="${escape(`known libvirt behaviour, seen ${k.count} times: ${k.explanation}`)}"/></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
