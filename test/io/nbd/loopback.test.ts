// Goal: migsim's NBD client and server work over real sockets (TCP on 127.0.0.1 and UNIX),
// with memory and file exports, and the mirror stream keeps QEMU's op sizes and queue depth.
// Method: start our server in-process, connect our client, compare what is read back with what
// was written, and read the server's wire statistics. No external programs needed.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExport, MemoryExport, bufferSource, connectNbd, listExports, mirrorToNbd, type NbdAddress } from '../../../src/io/nbd/index.js';
import { useCleanups } from '../../support/cleanups.js';
import { gatedExport } from '../../support/gated-export.js';
import { nbdEndpoints } from '../../support/nbd.js';

const MiB = 1024 * 1024;
const cleanups = useCleanups();
const { defer, scratch } = cleanups;
const { serve, client, readBack } = nbdEndpoints(cleanups);

describe('migsim client against migsim server', () => {
  it('negotiates GO, writes, zeroes, trims, flushes and reads back over TCP', async () => {
    const backend = new MemoryExport(8 * MiB);
    const server = await serve({ exports: [{ name: 'disk', description: 'eight', backend }] });
    const nbd = await client(server.address, { exportName: 'disk' });
    expect(nbd.negotiated).toMatchObject({ via: 'go', sizeBytes: 8 * MiB, structuredReplies: true, description: 'eight' });
    const data = randomBytes(3 * MiB);
    const results = await Promise.all([
      nbd.write(MiB, data), nbd.writeZeroes(4 * MiB, 64 * 1024), nbd.trim(6 * MiB, MiB), nbd.flush(),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(Buffer.from(await readBack(nbd, MiB, 3 * MiB)).equals(data)).toBe(true);
    expect(Buffer.from(backend.readSync(MiB, 3 * MiB)).equals(data)).toBe(true);
    const status = await nbd.blockStatus(0, 8 * MiB);
    expect(status).toMatchObject({ ok: true, kind: 'block-status', contexts: [{ name: 'base:allocation', extents: [{ lengthBytes: MiB, flags: 3 }, { lengthBytes: 3 * MiB, flags: 0 }, { lengthBytes: 4 * MiB, flags: 3 }] }] });
    await nbd.disconnect();
  });

  it('serves a file-backed export over a UNIX socket, via EXPORT_NAME and simple replies', async () => {
    const directory = await scratch();
    const backend = await FileExport.open(join(directory, 'disk.raw'), { sizeBytes: 2 * MiB });
    defer(() => backend.close());
    const server = await serve({ listen: { kind: 'unix', path: join(directory, 'nbd.sock') }, exports: [{ name: '', backend }] });
    const nbd = await client(server.address, { useGo: false, structuredReplies: false });
    expect(nbd.negotiated).toMatchObject({ via: 'export-name', structuredReplies: false });
    const data = randomBytes(100_000);
    expect(await nbd.write(12345, data, true)).toEqual({ ok: true, kind: 'done' });
    expect(Buffer.from(await readBack(nbd, 12345, data.length)).equals(data)).toBe(true);
    await nbd.disconnect();
    const file = await readFile(join(directory, 'disk.raw'));
    expect(file.subarray(12345, 12345 + data.length).equals(data)).toBe(true);
  });

  it('lists exports with their sizes and descriptions', async () => {
    const server = await serve({ exports: [{ name: 'a', description: 'first', backend: new MemoryExport(MiB) }, { name: 'b', backend: new MemoryExport(2 * MiB) }] });
    const listed = await listExports(server.address);
    expect(listed).toMatchObject({ ok: true, exports: [{ name: 'a', description: 'first', sizeBytes: MiB }, { name: 'b', description: '', sizeBytes: 2 * MiB }] });
  });

  it('returns server errors as data: unknown export, read-only export', async () => {
    const server = await serve({ exports: [{ name: 'ro', backend: new MemoryExport(MiB), readOnly: true }] });
    expect(await connectNbd(server.address, { exportName: 'missing' })).toMatchObject({ ok: false, error: { code: 'export-refused' } });
    expect(await connectNbd(server.address, { exportName: 'missing', useGo: false })).toMatchObject({ ok: false, error: { code: 'export-refused' } });
    const nbd = await client(server.address, { exportName: 'ro' });
    expect(await nbd.write(0, new Uint8Array(1))).toMatchObject({ ok: false, error: { code: 'not-advertised' } });
    expect(await nbd.read(MiB, 1)).toMatchObject({ ok: false, error: { code: 'request-out-of-range' } });
  });

  it('drops a client that breaks the protocol, and records why', async () => {
    const server = await serve({ exports: [{ name: '', backend: new MemoryExport(MiB) }] });
    const address = server.address as Extract<NbdAddress, { kind: 'tcp' }>;
    await new Promise<void>((resolve) => {
      const socket = connect({ host: address.host, port: address.port }, () => socket.write(Buffer.from('\x00\x00\x00\x01garbage-garbage!')));
      socket.on('close', () => resolve());
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
    });
    expect(server.stats.protocolErrors.map((e) => e.code)).toEqual(['bad-magic']);
  });

  it('replays the mirror stream: 1 MiB writes, 16 in flight, zero runs as WRITE_ZEROES, data equal', async () => {
    const size = 40 * MiB;
    const backend = new MemoryExport(size);
    // The gate holds the first writes until 16 are pending together, so the overlap is certain.
    const gated = gatedExport(backend, 16);
    const server = await serve({ exports: [{ name: '', backend: gated }] });
    const nbd = await client(server.address);
    const source = new Uint8Array(size);
    source.set(randomBytes(24 * MiB), 0);
    source.set(randomBytes(MiB), 39 * MiB);
    const mirrored = await mirrorToNbd(nbd, bufferSource(source));
    if (!mirrored.ok) throw new Error(mirrored.error.message);
    await gated.opened;
    expect(gated.pendingMax()).toBe(16);
    expect(Object.fromEntries(server.stats.writeSizes)).toEqual({ [MiB]: 25 });
    expect(Object.fromEntries(server.stats.zeroSizes)).toEqual({ [8 * MiB]: 1, [7 * MiB]: 1 });
    expect(mirrored.report.inFlightMax).toBe(16);
    expect(server.stats.inFlightMax).toBe(16);
    expect(server.stats.commands.flush).toBe(1);
    expect(Buffer.from(backend.readSync(0, size)).equals(Buffer.from(source))).toBe(true);
  });

  it('keeps a 4 MiB buf-size to four 1 MiB ops in flight', async () => {
    const gated = gatedExport(new MemoryExport(16 * MiB), 4);
    const server = await serve({ exports: [{ name: '', backend: gated }] });
    const nbd = await client(server.address);
    const mirrored = await mirrorToNbd(nbd, bufferSource(randomBytes(16 * MiB)), { bufSizeBytes: 4 * MiB });
    expect(mirrored).toMatchObject({ ok: true, report: { inFlightMax: 4, bufferChunksMax: 64 } });
    expect(gated.pendingMax()).toBe(4);
    expect(server.stats.inFlightMax).toBe(4);
  });

  it('refuses to mirror into an export of another size', async () => {
    const server = await serve({ exports: [{ name: '', backend: new MemoryExport(MiB) }] });
    const nbd = await client(server.address);
    expect(await mirrorToNbd(nbd, bufferSource(new Uint8Array(2 * MiB)))).toMatchObject({ ok: false, error: { code: 'size-mismatch' } });
  });
});
