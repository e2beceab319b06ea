// Goal: the proxy forwards a real p2p migration's RPC conversation frame by frame, rewrites only
// the cookie the hook changes, and finds that cookie even when the stream arrives a few bytes
// at a time.
// Method: a fake destination daemon that answers the i-th call with the i-th recorded reply,
// and a fake source daemon that sends the recorded calls in 7-byte pieces, on UNIX sockets in
// a scratch directory; every wait is for a counted number of frames.
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCookie } from '../../src/real/rpc/cookies.js';
import { FrameSplitter } from '../../src/real/rpc/frame-splitter.js';
import { startProxy } from '../../src/real/rpc/proxy.js';
import { parseEndpoint, startRelay } from '../../src/real/rpc/relay.js';
import { namedRewrite } from '../../src/real/rpc/rewrites.js';
import { useCleanups } from '../support/cleanups.js';
import { recordedFrames } from './rpc-frames.js';

const cleanups = useCleanups();
const frames = recordedFrames('p2p-copy-storage-all.frames.json');
const calls = frames.filter((f) => f.flow === 'to-target').map((f) => f.bytes);
const replies = frames.filter((f) => f.flow === 'to-source').map((f) => f.bytes);

/** Resolves with the first `count` frames read from `feed`'s data. */
function collect(count: number): { onData: (chunk: Buffer) => void; frames: Promise<Uint8Array[]> } {
  const splitter = new FrameSplitter();
  const got: Uint8Array[] = [];
  let done: (frames: Uint8Array[]) => void = () => undefined;
  const promise = new Promise<Uint8Array[]>((resolve) => {
    done = resolve;
  });
  return {
    onData: (chunk) => {
      got.push(...splitter.push(new Uint8Array(chunk)));
      if (got.length >= count) done(got.slice(0, count));
    },
    frames: promise,
  };
}

async function fakeDestination(path: string): Promise<{ server: Server; received: Promise<Uint8Array[]> }> {
  const received = collect(calls.length);
  const server = createServer((socket) => {
    let answered = 0;
    const splitter = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      received.onData(chunk);
      for (const _call of splitter.push(new Uint8Array(chunk))) socket.write(replies[answered++] ?? new Uint8Array());
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.defer(() => new Promise((resolve) => server.close(resolve)));
  return { server, received: received.frames };
}

describe('RPC proxy', () => {
  it('forwards the conversation and rewrites the Prepare cookie in flight', async () => {
    const scratch = await cleanups.scratch();
    const destination = await fakeDestination(join(scratch, 'destination.sock'));
    const rewrite = namedRewrite('drop-nbd@prepare');
    if (!rewrite.ok) throw new Error(rewrite.error.message);
    const proxy = await startProxy({ listen: { path: join(scratch, 'proxy.sock') }, upstream: { path: join(scratch, 'destination.sock') }, rewrite: rewrite.value });
    if (!proxy.ok) throw new Error(proxy.error.message);
    cleanups.defer(() => proxy.value.close());

    const answers = collect(replies.length);
    const source = createConnection({ path: join(scratch, 'proxy.sock') });
    cleanups.defer(() => source.destroy());
    source.on('data', answers.onData);
    const stream = Buffer.concat(calls);
    for (let offset = 0; offset < stream.length; offset += 7) source.write(stream.subarray(offset, offset + 7));

    expect((await destination.received).map((f) => Buffer.from(f).toString('hex'))).toEqual(calls.map((f) => Buffer.from(f).toString('hex')));
    const got = await answers.frames;
    const changed = got.flatMap((frame, index) => (Buffer.compare(frame, replies[index] ?? new Uint8Array()) === 0 ? [] : [index]));
    expect(changed).toHaveLength(1);
    const prepare = findCookie(got[changed[0] ?? -1] ?? new Uint8Array());
    expect(prepare.ok && prepare.value?.point).toBe('prepare');
    expect(prepare.ok && new TextDecoder().decode(prepare.value?.cookie)).not.toMatch(/<nbd/);
    // The fake source does not wait for replies, so calls and replies interleave freely.
    expect(proxy.value.events.map((e) => `${e.point} ${e.cookieAfter === null ? 'same' : 'changed'}`).sort())
      .toEqual(['begin same', 'finish same', 'perform same', 'prepare changed']);
    expect(proxy.value.errors).toEqual([]);
  });

  it('refuses to start on a path it cannot listen on, as a harness error', async () => {
    const rewrite = namedRewrite('pass@begin');
    if (!rewrite.ok) throw new Error(rewrite.error.message);
    const result = await startProxy({ listen: { path: '/nonexistent-dir/proxy.sock' }, upstream: { path: '/nonexistent' }, rewrite: rewrite.value });
    expect(result).toMatchObject({ ok: false, error: { code: 'proxy-failed' } });
  });
});

describe('relay', () => {
  it('reads tcp: and unix: endpoints and refuses anything else', () => {
    expect(parseEndpoint('tcp:10.250.0.1:16600')).toEqual({ host: '10.250.0.1', port: 16600 });
    expect(parseEndpoint('unix:/tmp/migsim-real/rpc-proxy.sock')).toEqual({ path: '/tmp/migsim-real/rpc-proxy.sock' });
    for (const bad of ['tcp:10.250.0.1:70000', 'tcp:host:1', 'unix:relative', 'http://x']) expect(parseEndpoint(bad)).toBeNull();
  });

  it('pipes bytes both ways between its listener and its target', async () => {
    const scratch = await cleanups.scratch();
    const echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(join(scratch, 'echo.sock'), resolve));
    cleanups.defer(() => new Promise((resolve) => echo.close(resolve)));
    const relay = await startRelay([{ listen: { path: join(scratch, 'relay.sock') }, connect: { path: join(scratch, 'echo.sock') } }]);
    if ('error' in relay) throw new Error(relay.error);
    cleanups.defer(() => Promise.all(relay.servers.map((s) => new Promise((resolve) => s.close(resolve)))));
    const client = createConnection({ path: join(scratch, 'relay.sock') });
    cleanups.defer(() => client.destroy());
    const answer = new Promise<string>((resolve) => client.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    client.write('hello');
    expect(await answer).toBe('hello');
  });
});
