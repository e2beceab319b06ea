// Goal: the <capabilities> a simulated libvirt 9.0 / QEMU 7.2 pair writes in Begin and Prepare
// are the ones the real pair wrote, cap by cap, with the same `auto` flags: `events` is never
// listed (qemuMigrationCapsCheck clears it from the bitmap the cookie copies). Method: the
// cookies of corpus/real/a-copy-storage-all.json (libvirt 9.0.0, QEMU 7.2), read with the
// project's XML reader, against the simulated pair's.
import { describe, expect, it } from 'vitest';
import { readXml } from '../../../src/model/xml/reader.js';
import type { XmlElement } from '../../../src/model/xml/tree.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { realCookieSent, realPair, realRecord } from '../../support/real-records.js';

function caps(xml: string): string[] {
  const read = readXml(xml);
  if (!read.ok) throw new Error(read.error.message);
  const list = read.document.root.children.find((c): c is XmlElement => c.kind === 'element' && c.name === 'capabilities');
  return (list?.children ?? []).flatMap((c) => (c.kind === 'element' ? [c.attributes.map((a) => `${a.name}=${a.value}`).join(' ')] : []));
}

describe('migration capabilities in the cookie (libvirt 9.0, real evidence)', () => {
  const record = realRecord('a-copy-storage-all');
  const simulated = simulateHandshake(buildScenario({ ...realPair, copyStorage: 'all' }));

  it.each(['begin', 'prepare'] as const)('%s lists the real pair\'s capabilities, without events', (phase) => {
    const real = caps(realCookieSent(record, phase));
    const sim = caps(simulated.phases.find((p) => p.phase === phase)?.cookie ?? '');
    expect(real).toHaveLength(11);
    expect(real.some((cap) => cap.startsWith('name=events'))).toBe(false);
    expect(sim).toEqual(real);
  });
});
