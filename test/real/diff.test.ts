// Goal: `real diff` finds every kind of difference between a real run and the simulation of the
// same scenario, and finds none on the twelve scenarios of issue 13 item 6 as the real pair
// recorded them (after the model fixes those records prompted). Method: the corpus records
// (libvirt 9.0.0 / QEMU 7.2) diffed as they are, then with one thing changed at a time - a
// cookie element, an attribute, an order, a masked value, a phase, a QMP command, the end state.
import { describe, expect, it } from 'vitest';
import { diffRecord } from '../../src/real/diff/compare.js';
import { compareCookies } from '../../src/real/diff/cookie-diff.js';
import { maskRules } from '../../src/real/diff/masks.js';
import { parsePresets, presets } from '../../src/real/diff/presets.js';
import type { RealRecord } from '../../src/real/record.js';
import { realRecord } from '../support/real-records.js';

const itemSix = ['a-copy-storage-all', 'b-copy-storage-inc', 'c-no-copy-unsafe', 'd-no-copy-refused', 'e-p2p-persistent', 'f-spice',
  'g-migrate-disks-vda', 'h-offline-persistent', 'i-tunnelled-copy', 'j-destination-disk-missing', 'k-destination-pool', 'l-abort-mirror'];
const others = ['g-migrate-disks-vda-without-unsafe', 'm-tls', 'abort-begin', 'abort-prepare', 'abort-perform', 'abort-finish'];

/** Record (a) with its Begin cookie (phase 0) edited. */
function withBeginCookie(edit: (xml: string) => string): RealRecord {
  const record = realRecord('a-copy-storage-all');
  const [begin, ...rest] = record.phases;
  if (!begin?.cookieSent) throw new Error('no Begin cookie');
  return { ...record, phases: [{ ...begin, cookieSent: { ...begin.cookieSent, xml: edit(begin.cookieSent.xml) } }, ...rest] };
}

describe('real diff on the recorded scenarios', () => {
  it.each([...itemSix, ...others])('%s: no unexplained difference', (name) => {
    const diff = diffRecord(realRecord(name));
    expect(diff.differences).toEqual([]);
    expect(diff.unexplained).toBe(0);
  });

  it('masks only values, by named rules, and says how many', () => {
    const diff = diffRecord(realRecord('a-copy-storage-all'));
    expect(diff.masked).toEqual({ 'statistics-values': 31, 'guest-cpu-features': 2 });
    expect(maskRules.map((r) => r.name)).toEqual(['statistics-values', 'guest-cpu-features']);
    expect(diffRecord(realRecord('e-p2p-persistent')).masked).toHaveProperty('deviation:domain-definition', 1);
  });

  it('covers every scenario of item 6 with a preset, once', () => {
    expect(presets.map((p) => p.letter)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']);
    const chosen = parsePresets('a,c,d,l');
    expect(chosen.ok ? chosen.value.map((p) => p.letter) : chosen.why).toEqual(['a', 'c', 'd', 'l']);
    expect(parsePresets('z').ok).toBe(false);
  });
});

describe('real diff finds differences', () => {
  const aspects = (record: RealRecord): string[] => diffRecord(record).differences.map((d) => `${d.aspect}: ${d.where}`);

  it('a cookie element missing, extra or moved', () => {
    expect(aspects(withBeginCookie((x) => x.replace("  <feature name='lockstate'/>\n", '')))).toEqual(["cookie: B cookie extra-element /qemu-migration/feature[@name='lockstate']"]);
    expect(aspects(withBeginCookie((x) => x.replace('</qemu-migration>', '  <teleport/>\n</qemu-migration>')))).toEqual(['cookie: B cookie missing-element /qemu-migration/teleport']);
    const moved = withBeginCookie((x) => x.replace(/(  <nbd>[\s\S]*?<\/nbd>\n)([\s\S]*?)(  <capabilities>)/, '$2$1$3'));
    // <nbd> and <cpu> swapped: one of the two is reported moved, once.
    expect(aspects(moved)).toEqual([expect.stringMatching(/^cookie: B cookie element-order \/qemu-migration\/(nbd|cpu)$/)]);
  });

  it('an attribute missing, extra, reordered or with another value; text', () => {
    expect(aspects(withBeginCookie((x) => x.replace(" capacity='33554432'", '')))).toEqual(["cookie: B cookie extra-attribute /qemu-migration/nbd/disk[@target='vda']/@capacity"]);
    expect(aspects(withBeginCookie((x) => x.replace("capacity='33554432'", "capacity='1'")))).toEqual(["cookie: B cookie attribute-value /qemu-migration/nbd/disk[@target='vda']/@capacity"]);
    expect(aspects(withBeginCookie((x) => x.replace("<disk target='vda' capacity='33554432'/>", "<disk capacity='33554432' target='vda'/>")))).toEqual(["cookie: B cookie attribute-order /qemu-migration/nbd/disk[@target='vda']"]);
    expect(aspects(withBeginCookie((x) => x.replace('<hostname>hosta</hostname>', '<hostname>elsewhere</hostname>')))).toEqual(['cookie: B cookie text /qemu-migration/hostname']);
  });

  it('not a masked value, but the element that holds it', () => {
    expect(aspects(withBeginCookie((x) => x.replace("name='lahf_lm'", "name='sse4'")))).toEqual([]);
    expect(compareCookies('<a><statistics><x>1</x></statistics></a>', '<a><statistics><y>1</y></statistics></a>').differences.map((d) => d.kind))
      .toEqual(['missing-element', 'extra-element']);
  });

  it('the phases, the outcome, the NBD path and the end state', () => {
    const record = realRecord('l-abort-mirror');
    const noCleanup: RealRecord = { ...record, phases: record.phases.filter((p) => p.phase !== 'finish') };
    expect(aspects(noCleanup)).toEqual(['phases: phases run']);
    const otherError: RealRecord = { ...record, virsh: record.virsh, outcome: { result: 'failed', error: { code: 'libvirt-error', message: 'operation failed: something else', phase: 'perform' } } };
    expect(aspects(otherError)).toEqual(['outcome: error code', 'outcome: error message']);
    const unforced: RealRecord = { ...record, qmp: record.qmp.map((q) => (q.command === 'block-job-cancel' ? { ...q, arguments: { device: 'drive-virtio-disk0' } } : q)) };
    expect(aspects(unforced)).toEqual(['nbd: QMP sequence from step 5']);
    const leftRunning: RealRecord = { ...record, end: { ...record.end, target: { ...record.end.target, domain: 'paused', persistent: false, blockJobs: [], blockExports: [] } } };
    expect(aspects(leftRunning)).toEqual(['end: target domain', 'end: target persistent']);
  });

  it('counts the NBD client node only, not its raw format layer', () => {
    const diff = diffRecord(realRecord('a-copy-storage-all'));
    expect(diff.real.nbd.filter((s) => s.command === 'blockdev-add')).toHaveLength(1);
  });
});
