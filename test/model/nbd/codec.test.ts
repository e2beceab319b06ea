// Goal: every message the codec encodes decodes back to itself, whatever the byte stream's
// fragmentation. Method: fast-check generates messages (handshake, options, option replies,
// requests with payloads, simple replies, structured chunks), encodes them into one stream, cuts
// the stream at random points and feeds the pieces to the incremental decoders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientStreamDecoder, ServerStreamDecoder, chunk, command, decodeGreeting, decodeInfoItem, decodeInfoRequest,
  decodeMetaContextEntry, decodeMetaContextRequest, decodeRequestHeader, decodeServerEntry, defaultLimits, encodeChunk,
  encodeClientFlags, encodeGreeting, encodeInfoItem, encodeInfoRequest, encodeMetaContextEntry, encodeMetaContextRequest,
  encodeOptionReply, encodeOptionRequest, encodeRequestHeader, encodeServerEntry, encodeSimpleReply, handshakeFlag,
  type ChunkBody, type ClientMessage, type InfoItem, type NbdRequest, type ServerMessage,
} from '../../../src/model/nbd/index.js';
import { concatBytes } from '../../../src/model/nbd/bytes.js';

const concat = concatBytes;

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const offset = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });


/** Cut points for a stream of `length` bytes: arbitrary fragmentation, including 1-byte pieces. */
function split(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    pieces.push(stream.subarray(from, point));
    from = point;
  }
  return pieces;
}

const request: fc.Arbitrary<{ request: NbdRequest; payload: Uint8Array | null }> = fc.record({
  flags: u16, type: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 42), cookie: u64, offset, length: u32, data: bytes(300),
}).map(({ data, ...r }) => (r.type === command.write
  ? { request: { ...r, length: data.length }, payload: data }
  : { request: r, payload: null }));

describe('NBD codec round trips', () => {
  it('decodes a greeting it encoded, and refuses one without FIXED_NEWSTYLE', () => {
    fc.assert(fc.property(fc.constantFrom(1, 3), (flags) => {
      const decoded = decodeGreeting(encodeGreeting(flags));
      expect(decoded).toEqual({ ok: true, handshakeFlags: flags });
    }));
    expect(decodeGreeting(encodeGreeting(handshakeFlag.noZeroes))).toMatchObject({ ok: false, error: { code: 'not-fixed-newstyle' } });
    expect(decodeGreeting(encodeGreeting(0x8001))).toMatchObject({ ok: false, error: { code: 'unknown-handshake-flags' } });
  });

  it('decodes request headers it encoded', () => {
    fc.assert(fc.property(request, ({ request: r }) => {
      expect(decodeRequestHeader(encodeRequestHeader(r))).toEqual({ ok: true, request: r });
    }));
  });

  it('decodes option bodies it encoded', () => {
    fc.assert(fc.property(text, fc.array(u16, { maxLength: 8 }), fc.array(text, { maxLength: 5 }), u32, (name, infoTypes, queries, id) => {
      expect(decodeInfoRequest(encodeInfoRequest({ exportName: name, infoTypes }), defaultLimits)).toEqual({ ok: true, value: { exportName: name, infoTypes } });
      expect(decodeMetaContextRequest(encodeMetaContextRequest({ exportName: name, queries }), defaultLimits)).toEqual({ ok: true, value: { exportName: name, queries } });
      expect(decodeServerEntry(encodeServerEntry({ name, description: queries.join(',') }), defaultLimits)).toEqual({ ok: true, value: { name, description: queries.join(',') } });
      expect(decodeMetaContextEntry(encodeMetaContextEntry({ id, name }), defaultLimits)).toEqual({ ok: true, value: { id, name } });
    }));
  });

  it('decodes NBD_INFO items it encoded', () => {
    const powerOfTwo = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max }).map((e) => 2 ** e);
    const item: fc.Arbitrary<InfoItem> = fc.oneof(
      fc.record({ type: fc.constant('export' as const), sizeBytes: offset, transmissionFlags: u16 }),
      fc.record({ type: fc.constant('name' as const), name: text }),
      fc.record({ type: fc.constant('description' as const), text }),
      fc.tuple(powerOfTwo(0, 16), powerOfTwo(9, 20), fc.integer({ min: 0, max: 4 })).map(([minimumBytes, preferred, k]) => {
        const preferredBytes = Math.max(preferred, minimumBytes);
        return { type: 'block-size' as const, minimumBytes, preferredBytes, payloadBytesMax: preferredBytes * 2 ** k };
      }),
      fc.record({ type: fc.constant('unknown' as const), infoType: fc.integer({ min: 4, max: 0xffff }), data: bytes(20) }),
    );
    fc.assert(fc.property(item, (value) => {
      expect(decodeInfoItem(encodeInfoItem(value), defaultLimits)).toEqual({ ok: true, value });
    }));
  });

  it('decodes a fragmented client stream (flags, options, requests) into the same messages', () => {
    const options = fc.array(fc.record({ option: u32, data: bytes(200) }), { maxLength: 6 });
    fc.assert(fc.property(u32, options, fc.array(request, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (flags, opts, requests, cuts) => {
      const expected: ClientMessage[] = [
        { kind: 'client-flags', flags },
        ...opts.map((o) => ({ kind: 'option' as const, option: o.option, data: o.data })),
        ...requests.map((r) => ({ kind: 'request' as const, request: r.request, payload: r.payload })),
      ];
      const stream = concat([encodeClientFlags(flags), ...opts.map((o) => encodeOptionRequest(o.option, o.data)),
        ...requests.flatMap((r) => [encodeRequestHeader(r.request), ...(r.payload ? [r.payload] : [])])]);
      expect(decodeClient(split(stream, cuts), opts.length)).toEqual(expected);
    }));
  });

  it('decodes a fragmented server stream (greeting, option replies, replies, chunks) into the same messages', () => {
    const optionReplies = fc.array(fc.record({ option: u32, type: u32, data: bytes(100) }), { maxLength: 5 });
    const replies = fc.array(fc.oneof(
      fc.record({ kind: fc.constant('simple' as const), cookie: u64, error: u32, data: bytes(64) }),
      fc.record({ kind: fc.constant('chunk' as const), cookie: u64, flags: u16, body: chunkBody }),
    ), { maxLength: 8 });
    fc.assert(fc.property(optionReplies, replies, fc.array(fc.nat(), { maxLength: 20 }), (opts, sent, cuts) => {
      const lengths = new Map<bigint, number>();
      const expected: ServerMessage[] = [{ kind: 'greeting', handshakeFlags: 3 }, ...opts.map((o) => ({ kind: 'option-reply' as const, ...o }))];
      const parts: Uint8Array[] = [encodeGreeting(3), ...opts.map((o) => encodeOptionReply(o.option, o.type, o.data))];
      for (const reply of sent) {
        if (reply.kind === 'simple') {
          // The data length of a simple reply is known only from the request (here: per cookie).
          if (!lengths.has(reply.cookie)) lengths.set(reply.cookie, reply.data.length);
          const dataBytes = reply.error === 0 ? (lengths.get(reply.cookie) ?? 0) : 0;
          const data = reply.data.subarray(0, dataBytes);
          expected.push({ kind: 'simple-reply', cookie: reply.cookie, error: reply.error, data: data.length > 0 ? padTo(data, dataBytes) : null });
          parts.push(encodeSimpleReply(reply.error, reply.cookie), padTo(data, dataBytes));
        } else {
          expected.push({ kind: 'chunk', cookie: reply.cookie, flags: reply.flags, body: reply.body });
          parts.push(encodeChunk(reply.flags, reply.cookie, reply.body), ...(reply.body.type === 'offset-data' ? [reply.body.data] : []));
        }
      }
      expect(decodeServer(split(concat(parts), cuts), opts.length, lengths)).toEqual(expected);
    }));
  });
});

const chunkBody: fc.Arbitrary<ChunkBody> = fc.oneof(
  fc.constant({ type: 'none' as const }),
  fc.record({ type: fc.constant('offset-data' as const), offset, data: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ type: fc.constant('offset-hole' as const), offset, sizeBytes: fc.integer({ min: 1, max: 0xffffffff }) }),
  fc.record({
    type: fc.constant('block-status' as const), contextId: u32,
    extents: fc.array(fc.record({ lengthBytes: fc.integer({ min: 1, max: 0xffffffff }), flags: u32 }), { minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    type: fc.constant('error' as const), rawType: fc.constantFrom(chunk.error, chunk.errorOffset), errno: fc.integer({ min: 1, max: 0xffffffff }),
    message: text, offset,
  }).map((e) => ({ ...e, offset: e.rawType === chunk.errorOffset ? e.offset : null })),
);

function padTo(data: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(data.subarray(0, length));
  return out;
}

function decodeClient(pieces: readonly Uint8Array[], options: number): ClientMessage[] {
  const decoder = new ClientStreamDecoder(defaultLimits);
  const out: ClientMessage[] = [];
  let optionsSeen = 0;
  for (const piece of pieces) {
    expect(decoder.push(piece)).toBeNull();
    for (let step = decoder.next(); step.kind === 'message'; step = decoder.next()) {
      out.push(step.message);
      if (step.message.kind === 'option') optionsSeen += 1;
      // The server switches phase itself, right after the option that starts transmission.
      if ((step.message.kind === 'option' && optionsSeen === options) || (step.message.kind === 'client-flags' && options === 0)) decoder.enterTransmission();
    }
  }
  expect(decoder.finish()).toBeNull();
  return out;
}

function decodeServer(pieces: readonly Uint8Array[], optionReplies: number, lengths: ReadonlyMap<bigint, number>): ServerMessage[] {
  const decoder = new ServerStreamDecoder(defaultLimits);
  const out: ServerMessage[] = [];
  let seen = 0;
  const enter = (): void => decoder.enterTransmission({ simpleReplyDataBytes: (cookie) => lengths.get(cookie) ?? 0 });
  for (const piece of pieces) {
    expect(decoder.push(piece)).toBeNull();
    for (let step = decoder.next(); step.kind === 'message'; step = decoder.next()) {
      out.push(step.message);
      if (step.message.kind === 'option-reply') seen += 1;
      if ((step.message.kind === 'option-reply' && seen === optionReplies) || (step.message.kind === 'greeting' && optionReplies === 0)) enter();
    }
  }
  expect(decoder.finish()).toBeNull();
  return out;
}
