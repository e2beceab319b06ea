// Goal: a real run's outcome reads like the simulator's: libvirt's texts get the project's codes
// where a catalogue has them, the failing phase is where libvirt failed (not a clean-up that
// followed), and a completed run says whether storage went over NBD.
// Method: libvirt 9.0 error texts seen on the real pair (docs/real.md) against hand-written codes.
import { describe, expect, it } from 'vitest';
import type { PhaseRun } from '../../src/real/log-record.js';
import { codeForMessage, realOutcome, virshError } from '../../src/real/outcome.js';

const phase = (p: PhaseRun['phase'], side: PhaseRun['side'], cancelled: boolean | null = null): PhaseRun =>
  ({ phase: p, side, atMs: 0, cookieParsed: null, cookieSent: null, cancelled });

describe('libvirt texts → codes', () => {
  it.each([
    ['internal error: migration of non-shared disks requested but NBD is not set up', 'nbd-not-set-up'],
    ["internal error: argument key 'host' must not have null value", 'tunnelled-storage-unsupported'],
    ['internal error: Malformed nbd port \'0x10\'', 'malformed-nbd-port'],
    ['internal error: Unknown migration cookie feature teleport', 'unknown-feature'],
    ['internal error: Attempt to migrate guest to the same host 5a1e0c3d-7b2f-4e6a-9c81-0a0000000001', 'same-host'],
    ['Unsafe migration: Migration without shared storage is unsafe', 'migrate-unsafe'],
    ['operation aborted: migration out: canceled by client', 'operation-aborted'],
  ])('%s → %s', (message, code) => {
    expect(codeForMessage(message)).toBe(code);
  });

  it('takes the last error line virsh printed', () => {
    expect(virshError('error: operation failed: job: migration out\nerror: internal error: boom\n')).toBe('internal error: boom');
  });

  it('keeps the lines that continue it (a cookie name with newlines, as real fuzz sent one)', () => {
    const stderr = 'error: internal error: Incoming cookie data had unexpected name \nmigtest    \n   vs migtest\n';
    expect(virshError(stderr)).toBe('internal error: Incoming cookie data had unexpected name \nmigtest    \n   vs migtest');
    expect(codeForMessage(virshError(stderr))).toBe('name-mismatch');
  });
});

describe('outcome', () => {
  const none = { phases: [], errors: [], qmp: [] };

  it('is completed over NBD when the source started a mirror, else without storage', () => {
    const mirror = { side: 'source' as const, phase: 'perform' as const, atMs: 1, command: 'blockdev-mirror', arguments: {} };
    expect(realOutcome({ ...none, exitCode: 0, stderr: '', timedOut: false, qmp: [mirror] })).toEqual({ result: 'completed', storage: 'nbd' });
    expect(realOutcome({ ...none, exitCode: 0, stderr: '', timedOut: false })).toEqual({ result: 'completed', storage: 'none' });
  });

  it('puts a failure in the phase whose log has the same text', () => {
    const result = realOutcome({
      ...none, exitCode: 1, timedOut: false, stderr: 'error: internal error: migration of non-shared disks requested but NBD is not set up\n',
      phases: [phase('begin', 'source'), phase('prepare', 'target'), phase('perform', 'source'), phase('finish', 'target', true), phase('confirm', 'source', true)],
      errors: [{ side: 'source', phase: 'perform', atMs: 5, function: 'qemuMigrationSrcRun', message: 'migration of non-shared disks requested but NBD is not set up' }],
    });
    expect(result).toEqual({ result: 'failed', error: { code: 'nbd-not-set-up', message: 'internal error: migration of non-shared disks requested but NBD is not set up', phase: 'perform' } });
  });

  it('skips the clean-up phases when libvirt did not log the error', () => {
    const result = realOutcome({
      ...none, exitCode: 1, timedOut: false, stderr: "error: Storage pool not found: no storage pool with matching target path '/var/lib/libvirt/images'\n",
      phases: [phase('begin', 'source'), phase('prepare', 'target'), phase('confirm', 'source', true)],
    });
    expect(result).toMatchObject({ result: 'failed', error: { code: 'storage-pool-not-found', phase: 'prepare' } });
  });

  it('reports a timeout as the harness\'s own code, in the phase it was stuck in', () => {
    const at = (p: PhaseRun, atMs: number): PhaseRun => ({ ...p, atMs });
    const phases = [at(phase('begin', 'source'), 100), at(phase('prepare', 'target'), 150), at(phase('perform', 'source'), 1100), at(phase('confirm', 'source'), 65_000)];
    const result = realOutcome({ ...none, exitCode: null, stderr: '', timedOut: true, timeoutAtMs: 15_000, phases });
    expect(result).toMatchObject({ result: 'failed', error: { code: 'run-timeout', phase: 'perform' } });
  });
});
