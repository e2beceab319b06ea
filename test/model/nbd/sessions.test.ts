// Goal: the pure client and server state machines agree with each other and with the NBD protocol, and
// each kind of malformed peer input ends in its own coded error. Method: wire ClientHandshake /
// ClientTransmission to ServerSession in memory (no sockets), with a tiny array-backed export;
// then hand-craft server or client bytes that break one rule each.
import { describe, expect, it } from 'vitest';
import {
  ClientHandshake, ClientLister, ClientTransmission, ServerSession, chunk, command, defaultBlockSize, defaultLimits, encodeChunk,
  encodeClientFlags, encodeGreeting, encodeInfoRequest, encodeOptionReply, encodeOptionRequest, encodeRequestHeader,
  encodeSimpleReply, errno, handshakeFlag, option, reply, replyFlag, transmissionFlag,
  type ClientHandshakeConfig, type CommandOutcome, type Completion, type ExportDefinition, type Negotiated, type ServerAction,
  type ServerCommand, type ServerConfig,
} from '../../../src/model/nbd/index.js';
import { concatBytes } from '../../../src/model/nbd/bytes.js';

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

const exportSize = 1 << 20;

function definition(overrides: Partial<ExportDefinition> = {}): ExportDefinition {
  return {
    name: 'disk', description: 'test disk', sizeBytes: exportSize, readOnly: false, canFlush: true, canFua: true, canTrim: true,
    canWriteZeroes: true, canFastZero: true, canCache: true, canMultiConn: true, canBlockStatus: true, blockSize: defaultBlockSize,
    ...overrides,
  };
}

function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    exports: [definition(), definition({ name: 'ro', readOnly: true, description: '' })], limits: defaultLimits,
    handshakeFlags: handshakeFlag.fixedNewstyle | handshakeFlag.noZeroes, structuredReplies: true, listAllowed: true, ...overrides,
  };
}

const clientConfig = (overrides: Partial<ClientHandshakeConfig> = {}): ClientHandshakeConfig =>
  ({ exportName: 'disk', structuredReplies: true, metaContexts: ['base:allocation'], useGo: true, limits: defaultLimits, ...overrides });

/** An export the test can inspect: a plain byte array, zero until written. */
function execute(store: Uint8Array, cmd: ServerCommand): CommandOutcome {
  switch (cmd.kind) {
    case 'read': return { ok: true, data: store.slice(cmd.offset, cmd.offset + cmd.length) };
    case 'write': store.set(cmd.payload, cmd.offset); return { ok: true };
    case 'write-zeroes': case 'trim': store.fill(0, cmd.offset, cmd.offset + cmd.length); return { ok: true };
    case 'block-status': return { ok: true, extents: [{ lengthBytes: cmd.length, flags: store.subarray(cmd.offset, cmd.offset + cmd.length).some((b) => b !== 0) ? 0 : 3 }] };
    default: return { ok: true };
  }
}

/** Runs the server's actions: replies to commands at once, returns the bytes it would send. */
function serve(server: ServerSession, store: Uint8Array, actions: readonly ServerAction[], closed: { value: boolean }): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const action of actions) {
    if (action.kind === 'send') out.push(...action.bytes);
    else if (action.kind === 'command') out.push(...server.reply(action.command, execute(store, action.command)));
    else closed.value = true;
  }
  return out;
}

function connect(config: ServerConfig = serverConfig(), client: ClientHandshakeConfig = clientConfig()) {
  const server = new ServerSession(config);
  const handshake = new ClientHandshake(client);
  const store = new Uint8Array(exportSize);
  const closed = { value: false };
  let toClient = serve(server, store, server.start(), closed);
  let outcome: { negotiated: Negotiated } | { error: unknown } | null = null;
  while (!outcome && toClient.length > 0 && !closed.value) {
    const toServer: Uint8Array[] = [];
    for (const bytes of toClient) {
      for (const action of handshake.receive(bytes)) {
        if (action.kind === 'send') toServer.push(action.bytes);
        else outcome = action.kind === 'ready' ? { negotiated: action.negotiated } : { error: action.error };
      }
    }
    toClient = toServer.flatMap((bytes) => serve(server, store, server.receive(bytes), closed));
  }
  if (!outcome && closed.value) for (const action of handshake.end()) if (action.kind === 'failed') outcome = { error: action.error };
  return { server, handshake, store, closed, outcome };
}

function transmit(ready: ReturnType<typeof connect>) {
  if (!ready.outcome || !('negotiated' in ready.outcome)) throw new Error(`handshake failed: ${JSON.stringify(ready.outcome)}`);
  const client = new ClientTransmission(ready.handshake.decoder, ready.outcome.negotiated, defaultLimits);
  const run = (...commands: Parameters<ClientTransmission['prepare']>[0][]): Completion[] => {
    const completions: Completion[] = [];
    for (const cmd of commands) {
      const prepared = client.prepare(cmd);
      if (!prepared.ok) throw new Error(prepared.error.message);
      const replies = serve(ready.server, ready.store, ready.server.receive(prepared.payload ? concat(prepared.header, prepared.payload) : prepared.header), ready.closed);
      for (const bytes of replies) {
        const received = client.receive(bytes);
        expect(received.error).toBeNull();
        completions.push(...received.completions);
      }
    }
    return completions;
  };
  return { client, run };
}


describe('client and server state machines together', () => {
  it('negotiates GO with structured replies, base:allocation and block sizes', () => {
    const { outcome } = connect();
    expect(outcome).toMatchObject({ negotiated: { via: 'go', sizeBytes: exportSize, structuredReplies: true, description: 'test disk', blockSize: defaultBlockSize } });
    const negotiated = (outcome as { negotiated: Negotiated }).negotiated;
    expect(negotiated.metaContexts.map((c) => c.name)).toEqual(['base:allocation']);
    expect(negotiated.transmissionFlags & transmissionFlag.sendDf).not.toBe(0);
  });

  it('uses EXPORT_NAME when asked, and without structured replies the server sends simple replies', () => {
    const ready = connect(serverConfig(), clientConfig({ useGo: false, structuredReplies: false }));
    expect(ready.outcome).toMatchObject({ negotiated: { via: 'export-name', structuredReplies: false, metaContexts: [] } });
    const { run } = transmit(ready);
    const [write, read] = run({ kind: 'write', offset: 4096, data: new Uint8Array([1, 2, 3]) }, { kind: 'read', offset: 4095, length: 5 });
    expect(write?.result).toEqual({ ok: true, kind: 'done' });
    expect(read?.result).toEqual({ ok: true, kind: 'read', data: new Uint8Array([0, 1, 2, 3, 0]) });
  });

  it('reads back writes, zeroes, and reports allocation through structured replies', () => {
    const { run } = transmit(connect());
    const data = Uint8Array.from({ length: 8192 }, (_, i) => i & 0xff);
    const results = run(
      { kind: 'write', offset: 65536, data }, { kind: 'write-zeroes', offset: 65536 + 4096, length: 1024 }, { kind: 'flush' },
      { kind: 'read', offset: 65536, length: 8192 }, { kind: 'block-status', offset: 0, length: 4096 },
    ).map((c) => c.result);
    const expected = data.slice();
    expected.fill(0, 4096, 5120);
    expect(results[3]).toEqual({ ok: true, kind: 'read', data: expected });
    expect(results[4]).toEqual({ ok: true, kind: 'block-status', contexts: [{ contextId: 1, name: 'base:allocation', extents: [{ lengthBytes: 4096, flags: 3 }] }] });
  });

  it('maps server refusals to errno values: EPERM on read-only, EINVAL past the end', () => {
    const readOnly = connect(serverConfig(), clientConfig({ exportName: 'ro' }));
    const transmission = transmit(readOnly);
    // Our client refuses to send what the export does not advertise; the server is checked with raw requests.
    expect(transmission.client.prepare({ kind: 'write', offset: 0, data: new Uint8Array(1) })).toMatchObject({ ok: false, error: { code: 'not-advertised' } });
    const raw = (type: number, offset: number, length: number, payload = new Uint8Array(0)): Uint8Array[] =>
      serve(readOnly.server, readOnly.store, readOnly.server.receive(concat(encodeRequestHeader({ flags: 0, type, cookie: 7n, offset, length }), payload)), readOnly.closed);
    expect(raw(command.write, 0, 4, new Uint8Array(4))).toEqual([encodeChunk(replyFlag.done, 7n, { type: 'error', rawType: chunk.error, errno: errno.EPERM, message: 'write: export is read-only', offset: null })]);
    const pastEnd = raw(command.read, exportSize - 1, 2);
    expect(pastEnd[0]?.subarray(20, 24)).toEqual(new Uint8Array([0, 0, 0, errno.EINVAL]));
    expect(readOnly.closed.value).toBe(false);
  });

  it('lists exports with INFO for each, then aborts', () => {
    const server = new ServerSession(serverConfig());
    const lister = new ClientLister(defaultLimits);
    const store = new Uint8Array(exportSize);
    const closed = { value: false };
    let toClient = serve(server, store, server.start(), closed);
    let listed: unknown = null;
    while (toClient.length > 0 && !listed) {
      const toServer: Uint8Array[] = [];
      for (const bytes of toClient) for (const a of lister.receive(bytes)) if (a.kind === 'send') toServer.push(a.bytes); else listed = a;
      toClient = toServer.flatMap((b) => serve(server, store, server.receive(b), closed));
    }
    expect(listed).toEqual({ kind: 'listed', exports: [
      { name: 'disk', description: 'test disk', sizeBytes: exportSize, transmissionFlags: expect.any(Number), blockSize: defaultBlockSize },
      { name: 'ro', description: '', sizeBytes: exportSize, transmissionFlags: expect.any(Number), blockSize: defaultBlockSize },
    ] });
    expect(closed.value).toBe(true);
  });
});

describe('server refusals of bad client input', () => {
  const afterGreeting = (config = serverConfig()): { server: ServerSession; feed: (b: Uint8Array) => ServerAction[] } => {
    const server = new ServerSession(config);
    server.start();
    return { server, feed: (b) => server.receive(b) };
  };
  /** The reply-type field of the option reply a `send` action carries. */
  const replyType = (action: ServerAction | undefined): Uint8Array | undefined =>
    action?.kind === 'send' ? action.bytes[0]?.subarray(12, 16) : undefined;
  const closeCode = (actions: readonly ServerAction[]): string | null => {
    const close = actions.find((a) => a.kind === 'close');
    return close && close.kind === 'close' ? (close.error?.code ?? 'clean') : null;
  };

  it('drops unknown client flags and a wrong option magic', () => {
    expect(closeCode(afterGreeting().feed(encodeClientFlags(0x80)))).toBe('unknown-client-flags');
    expect(closeCode(afterGreeting().feed(encodeClientFlags(0)))).toBe('client-not-fixed-newstyle');
    const { feed } = afterGreeting();
    expect(closeCode(feed(concat(encodeClientFlags(1), new Uint8Array(16))))).toBe('bad-magic');
  });

  it('answers unknown options with ERR_UNSUP and stays in sync', () => {
    const { feed } = afterGreeting();
    const actions = feed(concat(encodeClientFlags(1), encodeOptionRequest(4242, new Uint8Array(3)), encodeOptionRequest(option.structuredReply)));
    expect(actions).toEqual([
      { kind: 'send', bytes: [encodeOptionReply(4242, reply.errUnsup, new TextEncoder().encode('unsupported option option-4242'))] },
      { kind: 'send', bytes: [encodeOptionReply(option.structuredReply, reply.ack)] },
    ]);
  });

  it('refuses an oversized option, a malformed GO, an unknown export, and EXPORT_NAME of nothing', () => {
    const header = new Uint8Array([0x49, 0x48, 0x41, 0x56, 0x45, 0x4f, 0x50, 0x54, 0, 0, 0, 7, 0x7f, 0xff, 0xff, 0xff]);
    expect(closeCode(afterGreeting().feed(concat(encodeClientFlags(1), header)))).toBe('option-too-large');
    const malformed = afterGreeting().feed(concat(encodeClientFlags(1), encodeOptionRequest(option.go, new Uint8Array([0, 0, 0, 9, 0]))));
    expect(replyType(malformed[0])).toEqual(new Uint8Array([0x80, 0, 0, 3]));
    const unknown = afterGreeting().feed(concat(encodeClientFlags(1), encodeOptionRequest(option.go, encodeInfoRequest({ exportName: 'nope', infoTypes: [] }))));
    expect(replyType(unknown[0])).toEqual(new Uint8Array([0x80, 0, 0, 6]));
    expect(closeCode(afterGreeting().feed(concat(encodeClientFlags(1), encodeOptionRequest(option.exportName, new TextEncoder().encode('nope')))))).toBe('export-refused');
  });

  it('drops a WRITE whose payload exceeds the maximum, and reports a truncated stream', () => {
    const ready = connect();
    const huge = encodeRequestHeader({ flags: 0, type: command.write, cookie: 1n, offset: 0, length: defaultLimits.payloadBytesMax + 1 });
    expect(closeCode(ready.server.receive(huge))).toBe('payload-too-large');
    const other = connect();
    other.server.receive(encodeRequestHeader({ flags: 0, type: command.read, cookie: 1n, offset: 0, length: 1 }).subarray(0, 10));
    expect(closeCode(other.server.end())).toBe('truncated');
  });

  it('stops after too many options', () => {
    const { feed } = afterGreeting(serverConfig({ limits: { ...defaultLimits, optionsMax: 3 } }));
    const many = concat(encodeClientFlags(1), ...Array.from({ length: 4 }, () => encodeOptionRequest(99)));
    expect(closeCode(feed(many))).toBe('too-many-options');
  });
});

describe('client refusals of bad server input', () => {
  const readyClient = () => transmit(connect());
  const feed = (client: ClientTransmission, ...parts: Uint8Array[]) => client.receive(concat(...parts));

  it('refuses a reply to a cookie not in flight, and an unknown magic', () => {
    const { client } = readyClient();
    expect(feed(client, encodeSimpleReply(0, 99n)).error?.code).toBe('unknown-cookie');
    expect(readyClient().client.receive(new Uint8Array([1, 2, 3, 4])).error?.code).toBe('bad-magic');
  });

  it('refuses overlapping, out-of-range and incomplete READ chunks', () => {
    const cases: [string, (cookie: bigint) => Uint8Array[]][] = [
      ['chunk-overlap', (c) => [encodeChunk(0, c, { type: 'offset-hole', offset: 0, sizeBytes: 8 }), encodeChunk(1, c, { type: 'offset-hole', offset: 4, sizeBytes: 8 })]],
      ['chunk-out-of-range', (c) => [encodeChunk(1, c, { type: 'offset-hole', offset: 8, sizeBytes: 16 })]],
      ['incomplete-read', (c) => [encodeChunk(1, c, { type: 'offset-hole', offset: 0, sizeBytes: 8 })]],
      ['unexpected-simple-reply', (c) => [encodeSimpleReply(0, c)]],
      ['unknown-chunk-type', () => [new Uint8Array([0x66, 0x8e, 0x33, 0xef, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])]],
      ['zero-error-value', (c) => [encodeChunk(1, c, { type: 'error', rawType: chunk.error, errno: 0, message: '', offset: null })]],
      ['malformed-chunk', (c) => [encodeChunk(0, c, { type: 'none' })]],
      ['unexpected-chunk', (c) => [encodeChunk(1, c, { type: 'block-status', contextId: 1, extents: [{ lengthBytes: 1, flags: 0 }] })]],
    ];
    for (const [code, replies] of cases) {
      const { client } = readyClient();
      const prepared = client.prepare({ kind: 'read', offset: 0, length: 16 });
      if (!prepared.ok) throw new Error('prepare failed');
      expect({ code, got: feed(client, ...replies(prepared.cookie)).error?.code }).toEqual({ code, got: code });
    }
  });

  it('assembles READ chunks in any order, holes as zeroes, and reports error chunks as errno', () => {
    const { client } = readyClient();
    const read = client.prepare({ kind: 'read', offset: 100, length: 6 });
    const bad = client.prepare({ kind: 'read', offset: 0, length: 1 });
    if (!read.ok || !bad.ok) throw new Error('prepare failed');
    const received = feed(client,
      encodeChunk(0, read.cookie, { type: 'offset-data', offset: 104, data: new Uint8Array([9, 9]) }), new Uint8Array([9, 9]),
      encodeChunk(replyFlag.done, bad.cookie, { type: 'error', rawType: chunk.errorOffset, errno: 5, message: 'disk on fire', offset: 0 }),
      encodeChunk(0, read.cookie, { type: 'offset-hole', offset: 102, sizeBytes: 2 }),
      encodeChunk(replyFlag.done, read.cookie, { type: 'offset-data', offset: 100, data: new Uint8Array([1, 2]) }), new Uint8Array([1, 2]));
    expect(received.error).toBeNull();
    expect(received.completions).toEqual([
      { cookie: bad.cookie, result: { ok: false, errno: 5, errnoName: 'EIO', error: { code: 'command-failed', message: 'read failed: disk on fire (5)' } } },
      { cookie: read.cookie, result: { ok: true, kind: 'read', data: new Uint8Array([1, 2, 0, 0, 9, 9]) } },
    ]);
  });

  it('refuses a handshake from an oldstyle server, and falls back to EXPORT_NAME on ERR_UNSUP', () => {
    const oldstyle = new ClientHandshake(clientConfig());
    const greeting = encodeGreeting(1);
    greeting.set([0, 0x42, 0x02, 0x81, 0x86, 0x12, 0x53], 9);
    greeting[8] = 0;
    expect(oldstyle.receive(greeting)).toEqual([{ kind: 'failed', error: expect.objectContaining({ code: 'oldstyle-unsupported' }) }]);
    const handshake = new ClientHandshake(clientConfig({ structuredReplies: false }));
    const first = handshake.receive(encodeGreeting(3));
    expect(first.map((a) => a.kind)).toEqual(['send', 'send']);
    expect(handshake.receive(encodeOptionReply(option.go, reply.errUnsup))).toEqual([{ kind: 'send', bytes: encodeOptionRequest(option.exportName, new TextEncoder().encode('disk')) }]);
    const exportReply = new Uint8Array(10);
    exportReply.set([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(handshake.receive(exportReply)).toMatchObject([{ kind: 'ready', negotiated: { via: 'export-name', sizeBytes: 65536, transmissionFlags: 1 } }]);
  });

  it('turns GO errors into coded errors and requires NBD_INFO_EXPORT', () => {
    const go = (type: number): unknown => {
      const handshake = new ClientHandshake(clientConfig({ structuredReplies: false }));
      handshake.receive(encodeGreeting(3));
      return handshake.receive(encodeOptionReply(option.go, type, new TextEncoder().encode('why')))[0];
    };
    expect(go(reply.errUnknown)).toMatchObject({ kind: 'failed', error: { code: 'export-refused', message: 'export "disk" refused: errUnknown: why' } });
    expect(go(reply.errTlsReqd)).toMatchObject({ kind: 'failed', error: { code: 'tls-required' } });
    expect(go(reply.errShutdown)).toMatchObject({ kind: 'failed', error: { code: 'server-shutdown' } });
    expect(go(reply.ack)).toMatchObject({ kind: 'failed', error: { code: 'missing-export-info' } });
    expect(go(reply.server)).toMatchObject({ kind: 'failed', error: { code: 'unexpected-option-reply' } });
  });
});
