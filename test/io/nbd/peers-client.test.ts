// Goal: migsim's NBD client interoperates with the real servers: nbdkit (memory plugin, also with
// the error filter for real error replies) and qemu-nbd on a raw file, over TCP and a UNIX
// socket; what it reads back equals what it wrote. Method: start each server on 127.0.0.1 with a
// free port (or a private socket), stop it by PID after the test, whatever happens. Skips when a
// program is missing, except under CI=true.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferSource, listExports, mirrorToNbd, type NbdAddress } from '../../../src/io/nbd/index.js';
import { startNbdkit, startQemuNbd, type NbdkitOptions, type ServerPeerOutcome } from '../../../src/io/peers/servers.js';
import { useCleanups } from '../../support/cleanups.js';
import { nbdEndpoints } from '../../support/nbd.js';
import { requireProgram } from '../../support/programs.js';

const MiB = 1024 * 1024;
const cleanups = useCleanups();
const { defer, scratch } = cleanups;
const { client, readBack } = nbdEndpoints(cleanups);

async function started(outcome: Promise<ServerPeerOutcome>): Promise<NbdAddress> {
  const result = await outcome;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  defer(() => result.server.stop());
  return result.server.address;
}

const nbdkit = (options: Partial<NbdkitOptions> = {}): Promise<NbdAddress> =>
  started(startNbdkit({ plugin: 'memory', pluginArgs: [String(16 * MiB)], ...options }));

describe('migsim client against nbdkit', () => {
  it('negotiates structured replies and base:allocation, and reads back what it wrote', async (context) => {
    requireProgram('nbdkit', context);
    const nbd = await client(await nbdkit());
    expect(nbd.negotiated).toMatchObject({ via: 'go', sizeBytes: 16 * MiB, structuredReplies: true });
    expect(nbd.negotiated.metaContexts.map((c) => c.name)).toEqual(['base:allocation']);
    const data = randomBytes(2 * MiB + 123);
    const results = await Promise.all([nbd.write(3 * MiB + 7, data), nbd.writeZeroes(8 * MiB, MiB), nbd.flush()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await readBack(nbd, 3 * MiB + 7, data.length)).equals(data)).toBe(true);
    expect((await readBack(nbd, 8 * MiB, MiB)).every((b) => b === 0)).toBe(true);
    const status = await nbd.blockStatus(12 * MiB, MiB);
    expect(status).toMatchObject({ ok: true, kind: 'block-status', contexts: [{ extents: [{ flags: 3 }] }] });
    await nbd.disconnect();
  });

  it('mirrors a source over a UNIX socket with the mirror stream, data equal', async (context) => {
    requireProgram('nbdkit', context);
    const nbd = await client(await nbdkit({ listen: 'unix', threads: 64 }));
    const source = new Uint8Array(16 * MiB);
    source.set(randomBytes(5 * MiB), 2 * MiB);
    const mirrored = await mirrorToNbd(nbd, bufferSource(source));
    expect(mirrored).toMatchObject({ ok: true, report: { bytesCopied: 5 * MiB, bytesZeroed: 11 * MiB } });
    expect((await readBack(nbd, 0, 16 * MiB)).equals(Buffer.from(source))).toBe(true);
  });

  it('reports real error replies (nbdkit error filter) as errno values', async (context) => {
    requireProgram('nbdkit', context);
    const address = await nbdkit({ filters: [{ name: 'error', params: { 'error-pread': 'EIO', 'error-pread-rate': '100%' } }] });
    const nbd = await client(address);
    expect(await nbd.read(0, 4096)).toMatchObject({ ok: false, errno: 5, errnoName: 'EIO', error: { code: 'command-failed' } });
    expect(await nbd.write(0, new Uint8Array(4096))).toEqual({ ok: true, kind: 'done' });
  });

  it('lists the export', async (context) => {
    requireProgram('nbdkit', context);
    expect(await listExports(await nbdkit())).toMatchObject({ ok: true, exports: [{ name: '', sizeBytes: 16 * MiB }] });
  });
});

describe('migsim client against qemu-nbd', () => {
  it('writes into a raw file through qemu-nbd; the file holds the data', async (context) => {
    requireProgram('qemu-nbd', context);
    const image = join(await scratch(), 'disk.raw');
    await writeFile(image, Buffer.alloc(8 * MiB));
    const nbd = await client(await started(startQemuNbd({ file: image })));
    expect(nbd.negotiated).toMatchObject({ structuredReplies: true, blockSize: { minimumBytes: 1, preferredBytes: 4096, payloadBytesMax: 32 * MiB } });
    const data = randomBytes(3 * MiB);
    expect(await nbd.write(MiB, data)).toEqual({ ok: true, kind: 'done' });
    expect(await nbd.flush()).toEqual({ ok: true, kind: 'done' });
    expect((await readBack(nbd, MiB, data.length)).equals(data)).toBe(true);
    await nbd.disconnect();
    expect((await readFile(image)).subarray(MiB, 4 * MiB).equals(data)).toBe(true);
  });

  it('falls back to EXPORT_NAME and simple replies when asked', async (context) => {
    requireProgram('qemu-nbd', context);
    const image = join(await scratch(), 'disk.raw');
    await writeFile(image, randomBytes(MiB));
    const nbd = await client(await started(startQemuNbd({ file: image, listen: 'unix' })), { useGo: false, structuredReplies: false });
    expect(nbd.negotiated).toMatchObject({ via: 'export-name', structuredReplies: false, sizeBytes: MiB });
    expect((await readBack(nbd, 0, MiB)).equals(await readFile(image))).toBe(true);
  });
});
