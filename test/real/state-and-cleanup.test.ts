// Goal: the state file round-trips and refuses anything that is not one; `down` stops exactly
// the processes that are provably the harness's, removes its directory, and leaves a process
// whose PID is recorded but which is not the harness's (a reused PID) alone.
// Method: fake hosts - `sleep` processes started the way the harness starts its own (with the
// harness marker in their environment) and one without it - behind a hand-written state file.
// Needs no root, libvirt or namespaces.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProgram } from '../../src/io/peers/programs.js';
import { down } from '../../src/real/down.js';
import { scratchLayout } from '../../src/real/layout.js';
import { markerEnvironment, ownedBy, pathWithinFilesystem } from '../../src/real/ownership.js';
import { isAlive, startDetached, stopPids } from '../../src/real/processes.js';
import { emptyHostState, readState, recordedPids, stateProblem, writeState } from '../../src/real/state-file.js';
import { useCleanups } from '../support/cleanups.js';
import { stateFor } from '../support/real-state.js';

const cleanups = useCleanups();

async function fakeProcess(scratch: string, marked: boolean): Promise<number> {
  const sleep = findProgram('sleep') ?? '/bin/sleep';
  const started = await startDetached({ program: sleep, args: ['600'], outputFile: join(scratch, 'fake.out'), env: marked ? markerEnvironment(scratch) : {} });
  if ('error' in started) throw new Error(started.error);
  cleanups.defer(() => stopPids([started.pid]));
  return started.pid;
}

describe('state file', () => {
  it('round-trips, and lists every recorded PID hosts first', async () => {
    const scratch = await cleanups.scratch();
    const state = stateFor(scratch, {
      hosts: { A: { ...emptyHostState, unsharePid: 10, holderPid: 11, libvirtdPid: 12, netns: 'net:[4026532175]', qemuPids: [13] }, B: emptyHostState },
      extraPids: [20],
    });
    await writeState(join(scratch, 'state.json'), state);
    expect(await readState(join(scratch, 'state.json'))).toEqual({ ok: true, value: state });
    expect(recordedPids(state)).toEqual([13, 12, 11, 10, 20]);
  });

  it('is absent (null) when there is no file, and invalid when the file is not a state', async () => {
    const scratch = await cleanups.scratch();
    expect(await readState(join(scratch, 'state.json'))).toEqual({ ok: true, value: null });
    await writeFile(join(scratch, 'state.json'), '{"version":1,"id":"x"}');
    expect(await readState(join(scratch, 'state.json'))).toMatchObject({ ok: false, error: { code: 'state-invalid' } });
    await writeFile(join(scratch, 'state.json'), 'not json');
    expect(await readState(join(scratch, 'state.json'))).toMatchObject({ ok: false, error: { code: 'state-invalid' } });
  });

  it.each([
    [{ version: 2 }, 'version'],
    [{ hosts: { A: { ...emptyHostState, libvirtdPid: -3 }, B: emptyHostState } }, 'PID'],
    [{ hosts: { A: { ...emptyHostState, netns: 'mnt:[1]' }, B: emptyHostState } }, 'netns'],
    [{ extraPids: ['1'] }, 'extraPids'],
    [{ veth: { A: 'x' } }, 'veth'],
  ])('names what is wrong: %j', (change, words) => {
    expect(stateProblem({ ...stateFor('/tmp/x'), ...change })).toContain(words);
  });
});

describe('down', () => {
  it('stops the harness\'s processes by PID, spares a foreign PID, removes the directory', async () => {
    const scratch = await cleanups.scratch();
    const daemon = await fakeProcess(scratch, true);
    const orphanVirsh = await fakeProcess(scratch, true);
    const foreign = await fakeProcess(scratch, false);
    expect(await ownedBy(daemon, scratch, await pathWithinFilesystem(scratch))).toBe(true);
    expect(await ownedBy(foreign, scratch, await pathWithinFilesystem(scratch))).toBe(false);
    await mkdir(join(scratch, 'A'), { recursive: true });
    await writeState(scratchLayout(scratch).stateFile, stateFor(scratch, {
      hosts: { A: { ...emptyHostState, libvirtdPid: daemon }, B: { ...emptyHostState, qemuPids: [foreign] } },
      extraPids: [orphanVirsh],
    }));
    const result = await down(scratch, findProgram('ip', '/usr/sbin:/sbin:/usr/bin:/bin') ?? '/nonexistent/ip');
    expect(result).toMatchObject({ ok: true, value: { scratchRemoved: true } });
    if (result.ok) expect([...result.value.stoppedPids].sort()).toEqual([daemon, orphanVirsh].sort());
    expect(await isAlive(daemon)).toBe(false);
    expect(await isAlive(orphanVirsh)).toBe(false);
    expect(await isAlive(foreign)).toBe(true);
    await expect(readFile(join(scratch, 'state.json'))).rejects.toThrow();
  });

  it('does nothing when nothing was made, and will not remove a directory it has no state for', async () => {
    const scratch = await cleanups.scratch();
    const missing = join(scratch, 'never-made');
    expect(await down(missing, '/nonexistent/ip')).toMatchObject({ ok: true, value: { scratchRemoved: false, stoppedPids: [] } });
    expect(await down(scratch, '/nonexistent/ip')).toMatchObject({ ok: false, error: { code: 'hosts-not-up' } });
  });
});
