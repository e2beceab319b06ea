// Goal: migsim's NBD server is a server the real clients accept: nbdinfo sees what it advertises,
// nbdcopy fills it and copies it back out, and a real QEMU mirrors a disk into it. Method: our
// server runs in-process on 127.0.0.1 (or a UNIX socket); the real clients are run as child
// processes; data read back (by our client and by nbdcopy) must equal the data written. Skips
// when a program is missing, except under CI=true.
import { randomBytes } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExport, MemoryExport } from '../../../src/io/nbd/index.js';
import { nbdcopy, nbdinfo } from '../../../src/io/peers/nbd-tools.js';
import { runQemuMirror } from '../../../src/io/qmp/mirror-job.js';
import { useCleanups } from '../../support/cleanups.js';
import { nbdEndpoints } from '../../support/nbd.js';
import { requireProgram } from '../../support/programs.js';

const MiB = 1024 * 1024;
const cleanups = useCleanups();
const { defer, scratch } = cleanups;
const { serve } = nbdEndpoints(cleanups);

describe('migsim server probed by nbdinfo', () => {
  it('advertises fixed newstyle, structured replies, base:allocation, block sizes and capabilities', async (context) => {
    requireProgram('nbdinfo', context);
    const server = await serve({ exports: [{ name: '', backend: new MemoryExport(32 * MiB) }] });
    const info = await nbdinfo(server.address);
    if (!info.ok) throw new Error(info.error.message);
    expect(info.report.protocol).toBe('newstyle-fixed');
    expect(info.report.exports).toMatchObject([{
      'export-name': '', 'export-size': 32 * MiB, 'is_read_only': false, 'can_flush': true, 'can_trim': true, 'can_zero': true,
      'can_multi_conn': true, 'contexts': ['base:allocation'], 'block_size_minimum': 1, 'block_size_preferred': 4096, 'block_size_maximum': 32 * MiB,
    }]);
  });

  it('lists several exports with descriptions, and a read-only one as such', async (context) => {
    requireProgram('nbdinfo', context);
    const server = await serve({ exports: [
      { name: 'system', description: 'boot disk', backend: new MemoryExport(MiB) },
      { name: 'data', backend: new MemoryExport(2 * MiB), readOnly: true },
    ] });
    const listed = await nbdinfo(server.address, { list: true });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.report.exports).toMatchObject([
      { 'export-name': 'system', 'description': 'boot disk', 'export-size': MiB, 'is_read_only': false },
      { 'export-name': 'data', 'export-size': 2 * MiB, 'is_read_only': true },
    ]);
  });
});

describe('migsim server filled by nbdcopy', () => {
  it('takes a file in through a memory export and gives the same bytes back out', async (context) => {
    requireProgram('nbdcopy', context);
    const directory = await scratch();
    const source = randomBytes(24 * MiB);
    await writeFile(join(directory, 'in.raw'), source);
    const backend = new MemoryExport(source.length);
    const server = await serve({ exports: [{ name: '', backend }] });
    expect(await nbdcopy(join(directory, 'in.raw'), server.address, { flush: true })).toMatchObject({ ok: true });
    expect(Buffer.from(backend.readSync(0, source.length)).equals(source)).toBe(true);
    expect(server.stats.bytesWritten).toBe(source.length);
    expect(await nbdcopy(server.address, join(directory, 'out.raw'), { connections: 1, requestBytes: MiB, requestsInFlight: 16 })).toMatchObject({ ok: true });
    expect((await readFile(join(directory, 'out.raw'))).equals(source)).toBe(true);
  });

  it('fills a file-backed export over a UNIX socket', async (context) => {
    requireProgram('nbdcopy', context);
    const directory = await scratch();
    const source = randomBytes(4 * MiB + 512);
    await writeFile(join(directory, 'in.raw'), source);
    const backend = await FileExport.open(join(directory, 'target.raw'), { sizeBytes: source.length });
    defer(() => backend.close());
    const server = await serve({ listen: { kind: 'unix', path: join(directory, 'nbd.sock') }, exports: [{ name: '', backend }] });
    expect(await nbdcopy(join(directory, 'in.raw'), server.address, { flush: true })).toMatchObject({ ok: true });
    expect((await readFile(join(directory, 'target.raw'))).equals(source)).toBe(true);
  });
});

describe('migsim server as the target of a real QEMU mirror', () => {
  it('receives blockdev-mirror from QEMU (1 MiB writes, zero runs) and holds an identical copy', async (context) => {
    requireProgram('qemu-system-x86_64', context);
    const directory = await scratch();
    const source = Buffer.alloc(48 * MiB);
    randomBytes(20 * MiB).copy(source, 0);
    randomBytes(MiB).copy(source, 40 * MiB);
    // A sparse source: the holes are what QEMU's block status reports as zero.
    const handle = await open(join(directory, 'source.raw'), 'w');
    await handle.truncate(source.length);
    await handle.write(source, 0, 20 * MiB, 0);
    await handle.write(source, 40 * MiB, MiB, 40 * MiB);
    await handle.close();
    const backend = new MemoryExport(source.length);
    const server = await serve({ exports: [{ name: '', backend }] });
    const mirrored = await runQemuMirror({ sourcePath: join(directory, 'source.raw'), target: server.address, timeoutMs: 30_000 });
    if (!mirrored.ok) throw new Error(`${mirrored.error.code}: ${mirrored.error.message}`);
    expect(Buffer.from(backend.readSync(0, source.length)).equals(source)).toBe(true);
    // QEMU's NBD client wrote data in the mirror's 1 MiB ops and the holes as WRITE_ZEROES (docs/evidence.md Q5).
    expect(Object.fromEntries(server.stats.writeSizes)).toEqual({ [MiB]: 21 });
    expect([...server.stats.zeroSizes.values()].reduce((n, c) => n + c, 0)).toBeGreaterThan(0);
    expect(server.stats.protocolErrors).toEqual([]);
  });

  it('reports a size mismatch as a failed job (BLOCK_JOB_COMPLETED with an error)', async (context) => {
    requireProgram('qemu-system-x86_64', context);
    const directory = await scratch();
    await writeFile(join(directory, 'source.raw'), Buffer.alloc(2 * MiB));
    const server = await serve({ exports: [{ name: '', backend: new MemoryExport(MiB) }] });
    const mirrored = await runQemuMirror({ sourcePath: join(directory, 'source.raw'), target: server.address, timeoutMs: 30_000 });
    expect(mirrored).toMatchObject({ ok: false });
    if (!mirrored.ok) expect(mirrored.error.message).toMatch(/different sizes/);
  });
});
