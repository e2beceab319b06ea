// Goal: the <statistics> of the Perform and Finish cookies of a simulated libvirt 9.0 / QEMU 7.2
// pair have the elements the real pair's had, in the same order: QEMU 7.2 reports downtime,
// setup-time and the RAM page counts once a migration completes, so libvirt writes downtime,
// setup_time and memory_constant/normal/normal_bytes (qemuMigrationCookieStatisticsXMLFormat).
// The values differ run to run and are not compared. Method: the cookies of
// corpus/real/a-copy-storage-all.json against the simulated pair's.
import { describe, expect, it } from 'vitest';
import { readXml } from '../../../src/model/xml/reader.js';
import type { XmlElement } from '../../../src/model/xml/tree.js';
import { parseSideSpec } from '../../../src/model/versions/profile.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { realCookieSent, realPair, realRecord } from '../../support/real-records.js';

function statisticsNames(xml: string): string[] {
  const read = readXml(xml);
  if (!read.ok) throw new Error(read.error.message);
  const statistics = read.document.root.children.find((c): c is XmlElement => c.kind === 'element' && c.name === 'statistics');
  return (statistics?.children ?? []).flatMap((c) => (c.kind === 'element' ? [c.name] : []));
}

describe('migration statistics in the cookie (libvirt 9.0 / QEMU 7.2, real evidence)', () => {
  const record = realRecord('a-copy-storage-all');
  const simulated = simulateHandshake(buildScenario({ ...realPair, copyStorage: 'all' }));
  const simCookie = (phase: 'perform' | 'finish'): string => simulated.phases.find((p) => p.phase === phase)?.cookie ?? '';

  it.each(['perform', 'finish'] as const)('%s writes the real pair\'s statistics elements, in order', (phase) => {
    const real = statisticsNames(realCookieSent(record, phase));
    expect(real).toEqual(expect.arrayContaining(['downtime', 'setup_time', 'memory_constant', 'memory_normal', 'memory_normal_bytes']));
    expect(statisticsNames(simCookie(phase))).toEqual(real);
  });

  it('leaves out what an old QEMU does not report (setup-time came with QEMU 1.6)', () => {
    const old = parseSideSpec('libvirt=1.2.9,qemu=1.5.0');
    if (!old.ok) throw new Error(old.message);
    const result = simulateHandshake(buildScenario({ source: old.profile, target: old.profile, copyStorage: 'none' }));
    const names = statisticsNames(result.phases.find((p) => p.phase === 'perform')?.cookie ?? '');
    expect(names).toContain('downtime');
    expect(names).not.toContain('setup_time');
  });
});
