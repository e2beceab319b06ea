// Goal: the records in corpus/real say what docs/real.md's table says the real pair did, so the
// evidence and its summary cannot drift apart.
// Method: a hand-written row per record (outcome, phases, Confirm, the NBD commands that must or
// must not appear, end state), checked against the JSON as stored.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, readProjectFile } from '../support/corpus.js';

interface Row {
  readonly outcome: string;
  readonly phases: string;
  readonly confirm: 'ran' | 'ran-cancelled' | 'not-run';
  readonly target: string;
  readonly mirror: 'full' | 'top' | null;
}

const table: Readonly<Record<string, Row>> = {
  'a-copy-storage-all': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'b-copy-storage-inc': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'top' },
  'c-no-copy-unsafe': { outcome: 'completed none', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: null },
  'd-no-copy-refused': { outcome: 'failed begin libvirt-error', phases: 'B', confirm: 'not-run', target: 'absent', mirror: null },
  'e-p2p-persistent': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'f-spice': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'g-migrate-disks-vda': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'g-migrate-disks-vda-without-unsafe': { outcome: 'failed begin libvirt-error', phases: 'B', confirm: 'not-run', target: 'absent', mirror: null },
  'h-offline-persistent': { outcome: 'completed none', phases: 'B P F C', confirm: 'ran', target: 'shut off', mirror: null },
  'i-tunnelled-copy': { outcome: 'failed prepare tunnelled-storage-unsupported', phases: 'B P', confirm: 'not-run', target: 'absent', mirror: null },
  'j-destination-disk-missing': { outcome: 'failed prepare libvirt-error', phases: 'B P C(x)', confirm: 'ran-cancelled', target: 'absent', mirror: null },
  'k-destination-pool': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'l-abort-mirror': { outcome: 'failed perform libvirt-error', phases: 'B P Pf F(x)', confirm: 'not-run', target: 'absent', mirror: 'full' },
  'm-tls': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'rewrite-drop-nbd-prepare': { outcome: 'failed perform nbd-not-set-up', phases: 'B P Pf F(x) C(x)', confirm: 'ran-cancelled', target: 'absent', mirror: null },
  'rewrite-drop-nbd-perform': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'abort-begin': { outcome: 'failed perform libvirt-error', phases: 'B P Pf F(x)', confirm: 'not-run', target: 'absent', mirror: 'full' },
  'abort-prepare': { outcome: 'failed perform libvirt-error', phases: 'B P Pf F(x)', confirm: 'not-run', target: 'absent', mirror: 'full' },
  'abort-perform': { outcome: 'failed perform libvirt-error', phases: 'B P Pf F(x)', confirm: 'not-run', target: 'absent', mirror: 'full' },
  'abort-finish': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
  'rewrite-nbd-port-silent': { outcome: 'failed perform run-timeout', phases: 'B P Pf', confirm: 'not-run', target: 'absent', mirror: null },
  'rewrite-uuid-finish': { outcome: 'completed nbd', phases: 'B P Pf F C', confirm: 'ran', target: 'running', mirror: 'full' },
};

const letters = { begin: 'B', prepare: 'P', perform: 'Pf', finish: 'F', confirm: 'C' } as const;

interface StoredRecord {
  outcome: { result: string; storage?: string; error?: { code: string; phase: string } };
  phases: { phase: keyof typeof letters; cancelled: boolean | null }[];
  confirm: string;
  qmp: { side: string; command: string; arguments: { sync?: string } | null }[];
  end: { source: { domain: string }; target: { domain: string; listeningPorts: unknown[] } };
  errors: { side: string; phase: string; function: string; message: string }[];
}

describe('corpus/real records', () => {
  const files = readdirSync(join(projectRoot, 'corpus/real')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

  it('are exactly the table\'s rows', () => {
    expect(files).toEqual(Object.keys(table).sort());
  });

  it.each(Object.entries(table))('%s', (name, row) => {
    const record = JSON.parse(readProjectFile(`corpus/real/${name}.json`)) as StoredRecord;
    const { outcome } = record;
    expect(outcome.result === 'completed' ? `completed ${outcome.storage}` : `failed ${outcome.error?.phase} ${outcome.error?.code}`).toBe(row.outcome);
    expect(record.phases.map((p) => `${letters[p.phase]}${p.cancelled ? '(x)' : ''}`).join(' ')).toBe(row.phases);
    expect(record.confirm).toBe(row.confirm);
    expect(record.end.target.domain).toBe(row.target);
    const mirror = record.qmp.find((c) => c.side === 'source' && c.command === 'blockdev-mirror');
    expect(mirror?.arguments?.sync ?? null).toBe(row.mirror);
  });

  it('show the leaked NBD server of a Perform cookie without <nbd> (spec §12)', () => {
    const leaked = JSON.parse(readProjectFile('corpus/real/rewrite-drop-nbd-perform.json')) as StoredRecord;
    expect(leaked.qmp.some((c) => c.command === 'nbd-server-stop')).toBe(false);
    expect(leaked.end.target.listeningPorts).toContainEqual({ port: 49153, process: 'qemu-system-x86' });
    const normal = JSON.parse(readProjectFile('corpus/real/a-copy-storage-all.json')) as StoredRecord;
    expect(normal.qmp.some((c) => c.side === 'target' && c.command === 'nbd-server-stop')).toBe(true);
    expect(normal.end.target.listeningPorts).toEqual([]);
  });

  it('show a guest running on both hosts after Confirm refused the Finish cookie of a migration that completed', () => {
    const both = JSON.parse(readProjectFile('corpus/real/rewrite-uuid-finish.json')) as StoredRecord;
    expect(both.outcome.result).toBe('completed');
    expect(both.errors).toContainEqual(expect.objectContaining({ side: 'source', phase: 'confirm', function: 'qemuMigrationCookieXMLParse' }));
    expect(both.qmp.filter((c) => c.command === 'cont').map((c) => c.side)).toEqual(['target', 'source']);
    expect([both.end.source.domain, both.end.target.domain]).toEqual(['running', 'running']);
  });
});
