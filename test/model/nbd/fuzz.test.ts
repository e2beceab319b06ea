// Goal: no peer input can make the codec throw, hang, or grow without bound. Method: fast-check
// feeds arbitrary bytes (alone, after a valid prefix, and as mutations of a valid stream) in
// arbitrary fragments to the server session, the client handshake, the lister and the client's
// transmission phase. Each call must return; once a machine has failed or closed it must stay
// so; and what it sends back must stay proportional to what it was given. Time-boxed like
// undici's fuzz tests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientHandshake, ClientLister, ClientTransmission, ServerSession, ServerStreamDecoder, defaultBlockSize, defaultLimits,
  encodeClientFlags, encodeGreeting, encodeInfoRequest, encodeOptionReply, encodeOptionRequest, encodeRequestHeader,
  handshakeFlag, info, option, reply, type ExportDefinition, type Negotiated, type ServerAction,
} from '../../../src/model/nbd/index.js';
import { concatBytes } from '../../../src/model/nbd/bytes.js';

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

const runs = { numRuns: 300, interruptAfterTimeLimit: 8_000 } as const;

const definition: ExportDefinition = {
  name: '', description: '', sizeBytes: 1 << 20, readOnly: false, canFlush: true, canFua: true, canTrim: true,
  canWriteZeroes: true, canFastZero: true, canCache: true, canMultiConn: true, canBlockStatus: true, blockSize: defaultBlockSize,
};
const serverConfig = {
  exports: [definition], limits: defaultLimits, handshakeFlags: handshakeFlag.fixedNewstyle | handshakeFlag.noZeroes,
  structuredReplies: true, listAllowed: true,
};

const garbage = fc.array(fc.uint8Array({ maxLength: 96 }), { maxLength: 12 });


/** Mutates a valid stream: overwrite a few bytes and cut it into pieces. */
const mutated = (valid: Uint8Array): fc.Arbitrary<Uint8Array[]> =>
  fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }))
    .map(([edits, cuts]) => {
      const stream = valid.slice();
      for (const [at, value] of edits) stream[at % Math.max(1, stream.length)] = value;
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      return [...points, stream.length].map((p, i, all) => stream.subarray(i === 0 ? 0 : (all[i - 1] ?? 0), p));
    });

/** Feeds pieces to the server; checks it never acts after closing and replies in proportion. */
function driveServer(pieces: readonly Uint8Array[]): void {
  const server = new ServerSession(serverConfig);
  let closed = false;
  let inputBytes = 0;
  let outputBytes = 0;
  const apply = (actions: readonly ServerAction[]): void => {
    for (const action of actions) {
      expect(closed).toBe(false);
      if (action.kind === 'close' || action.kind === 'disconnect') closed = true;
      if (action.kind === 'send') outputBytes += action.bytes.reduce((n, b) => n + b.length, 0);
      // Commands are answered as a failing export would: every reply path gets exercised.
      if (action.kind === 'command') outputBytes += server.reply(action.command, { ok: false, errno: 5, message: 'fuzz' }).reduce((n, b) => n + b.length, 0);
    }
  };
  apply(server.start());
  for (const piece of pieces) {
    inputBytes += piece.length;
    apply(server.receive(piece));
  }
  apply(server.end());
  expect(server.phase).toBe('closed');
  // Every option or request of ≥ 16 bytes gets at most one bounded reply (the longest is an
  // error message or the INFO replies), so output stays within a constant factor of input.
  expect(outputBytes).toBeLessThanOrEqual(18 + 300 * (inputBytes + 1));
}

const validClientStream = concat(
  encodeClientFlags(3),
  encodeOptionRequest(option.structuredReply),
  encodeOptionRequest(option.list),
  encodeOptionRequest(option.setMetaContext, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 15, ...new TextEncoder().encode('base:allocation')])),
  encodeOptionRequest(option.go, encodeInfoRequest({ exportName: '', infoTypes: [info.blockSize, info.name] })),
  encodeRequestHeader({ flags: 0, type: 1, cookie: 1n, offset: 0, length: 4 }), new Uint8Array(4),
  encodeRequestHeader({ flags: 0, type: 0, cookie: 2n, offset: 0, length: 512 }),
  encodeRequestHeader({ flags: 8, type: 7, cookie: 3n, offset: 0, length: 4096 }),
  encodeRequestHeader({ flags: 0, type: 2, cookie: 4n, offset: 0, length: 0 }),
);

describe('fuzzing the server session', () => {
  it('takes the unmutated stream to transmission (so the fuzz below starts from a valid state)', () => {
    const server = new ServerSession(serverConfig);
    server.start();
    const kinds = server.receive(validClientStream).map((a) => (a.kind === 'command' ? a.command.kind : a.kind));
    expect(kinds).toEqual(['send', 'send', 'send', 'send', 'write', 'read', 'block-status', 'disconnect']);
  });

  it('survives arbitrary bytes', () => {
    fc.assert(fc.property(garbage, (pieces) => driveServer(pieces)), runs);
  });

  it('survives arbitrary bytes after a valid handshake', () => {
    const prefix = validClientStream.subarray(0, validClientStream.length - 28 * 4 - 4);
    fc.assert(fc.property(garbage, (pieces) => driveServer([prefix, ...pieces])), runs);
  });

  it('survives mutations of a valid client stream', () => {
    fc.assert(fc.property(mutated(validClientStream), (pieces) => driveServer(pieces)), runs);
  });
});

const validServerHandshake = concat(
  encodeGreeting(3),
  encodeOptionReply(option.structuredReply, reply.ack),
  encodeOptionReply(option.setMetaContext, reply.metaContext, new Uint8Array([0, 0, 0, 1, ...new TextEncoder().encode('base:allocation')])),
  encodeOptionReply(option.setMetaContext, reply.ack),
  encodeOptionReply(option.go, reply.info, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0x0d])),
  encodeOptionReply(option.go, reply.ack),
);

describe('fuzzing the client state machines', () => {
  const handshakeConfig = { exportName: '', structuredReplies: true, metaContexts: ['base:allocation'], useGo: true, limits: defaultLimits };

  it('the handshake survives arbitrary and mutated server bytes, and finishes at most once', () => {
    const check = (pieces: readonly Uint8Array[]): void => {
      const handshake = new ClientHandshake(handshakeConfig);
      let finished = 0;
      for (const piece of [...pieces.map((p) => handshake.receive(p)), handshake.end()].flat()) {
        if (piece.kind !== 'send') finished += 1;
      }
      expect(finished).toBe(1);
    };
    fc.assert(fc.property(garbage, check), runs);
    fc.assert(fc.property(mutated(validServerHandshake), check), runs);
  });

  it('the lister survives arbitrary bytes and finishes exactly once', () => {
    fc.assert(fc.property(garbage, (pieces) => {
      const lister = new ClientLister(defaultLimits);
      const done = [...pieces.map((p) => lister.receive(concat(encodeGreeting(3), p))), lister.end()].flat().filter((a) => a.kind !== 'send');
      expect(done.length).toBe(1);
    }), runs);
  });

  it('the transmission phase survives arbitrary reply bytes with requests in flight', () => {
    const negotiated: Negotiated = {
      exportName: '', sizeBytes: 1 << 20, transmissionFlags: 0x0ded, handshakeFlags: 3, structuredReplies: true,
      metaContexts: [{ id: 1, name: 'base:allocation' }], blockSize: null, description: null, via: 'go',
    };
    const replyPrefix = fc.constantFrom(
      new Uint8Array(0), new Uint8Array([0x67, 0x44, 0x66, 0x98]), new Uint8Array([0x66, 0x8e, 0x33, 0xef]),
    );
    fc.assert(fc.property(fc.array(fc.tuple(replyPrefix, fc.uint8Array({ maxLength: 64 })), { maxLength: 10 }), (pieces) => {
      const decoder = new ServerStreamDecoder(defaultLimits);
      const client = new ClientTransmission(decoder, negotiated, defaultLimits);
      for (const cmd of [{ kind: 'read', offset: 0, length: 64 }, { kind: 'block-status', offset: 0, length: 4096 }, { kind: 'write', offset: 0, data: new Uint8Array(8) }] as const) {
        expect(client.prepare(cmd).ok).toBe(true);
      }
      let failedAt: number | null = null;
      pieces.forEach(([prefix, body], i) => {
        const result = client.receive(concat(prefix, body));
        if (result.error && failedAt === null) failedAt = i;
        // A failed stream stays failed: nothing completes after the first protocol error.
        if (failedAt !== null && failedAt < i) expect(result.completions).toEqual([]);
      });
      expect(client.inFlight).toBeLessThanOrEqual(3);
    }), runs);
  });
});
