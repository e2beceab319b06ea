// Goal: the RPC codec finds the migration cookies where libvirt 9.0 puts them, replaces one
// without disturbing anything else in the frame (length word rewritten, fields after the cookie
// kept), passes every other frame through, and cuts a byte stream into the same frames however
// it was split.
// Method: the frames recorded from real p2p and tunnelled migrations (corpus/real/rpc), with
// expectations from remote_protocol.x and spec real-libvirt.md §4; hand-made frames for the
// error cases; a property over arbitrary split points.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findCookie, replaceCookie, rewriteFrame, rewriteText } from '../../src/real/rpc/cookies.js';
import { FrameSplitter } from '../../src/real/rpc/frame-splitter.js';
import { frameLimits, keepaliveProgram, readHeader } from '../../src/real/rpc/frame.js';
import { dropNbd, namedRewrite, nbdPort } from '../../src/real/rpc/rewrites.js';
import { encodeOpaque } from '../../src/real/rpc/xdr.js';
import { recordedFrames } from './rpc-frames.js';

const p2p = recordedFrames('p2p-copy-storage-all.frames.json');
const tunnelled = recordedFrames('tunnelled-no-copy.frames.json');
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function cookies(frames: readonly { bytes: Uint8Array }[]): { point: string; procedure: number; direction: string; cookie: Uint8Array; bytes: Uint8Array }[] {
  return frames.flatMap(({ bytes }) => {
    const found = findCookie(bytes);
    if (!found.ok) throw new Error(found.error);
    return found.value === null ? [] : [{ ...found.value, bytes }];
  });
}

/** A frame from words and payload, length word filled in. */
function frame(words: readonly number[], payload: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(4 + words.length * 4 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, out.length);
  words.forEach((word, index) => view.setUint32(4 + index * 4, word >>> 0));
  out.set(payload, 4 + words.length * 4);
  return out;
}

describe('recorded frames', () => {
  it('are whole frames of the remote program', () => {
    for (const { bytes } of [...p2p, ...tunnelled]) {
      const read = readHeader(bytes);
      expect(read.ok).toBe(true);
      if (read.ok) expect(read.header.program).toBe(0x20008086);
    }
  });

  it('carry the four cookies of a p2p migration: Begin and Prepare in 303, Perform and Finish in 306', () => {
    const found = cookies(p2p);
    expect(found.map((c) => `${c.point} ${c.procedure} ${c.direction}`)).toEqual(['begin 303 call', 'prepare 303 reply', 'perform 306 call', 'finish 306 reply']);
    for (const c of found) {
      expect(c.cookie.at(-1)).toBe(0);
      expect(text(c.cookie)).toMatch(/^<qemu-migration>\n[\s\S]*<\/qemu-migration>\n\0$/);
    }
    const [begin, prepare, perform, finish] = found.map((c) => text(c.cookie));
    expect(begin).toMatch(/<hostname>hosta<\/hostname>[\s\S]*<nbd>/);
    expect(prepare).toMatch(/<hostname>hostb<\/hostname>[\s\S]*<nbd port='\d+'>/);
    expect(perform).toMatch(/<statistics>/);
    expect(finish).not.toMatch(/<nbd/);
  });

  it('uses PREPARE_TUNNEL3_PARAMS (304) for a tunnelled migration', () => {
    expect(cookies(tunnelled).map((c) => `${c.point} ${c.procedure} ${c.direction}`)).toEqual(['begin 304 call', 'prepare 304 reply', 'perform 306 call', 'finish 306 reply']);
  });
});

describe('replacing a cookie', () => {
  const [begin, prepare, perform] = cookies(p2p);

  it('gives back the same bytes when the cookie is the same', () => {
    for (const c of cookies(p2p)) {
      const site = findCookie(c.bytes);
      if (!site.ok || site.value === null) throw new Error('no cookie');
      expect(replaceCookie(c.bytes, site.value, c.cookie)).toEqual(c.bytes);
    }
  });

  it.each([['shorter', 'x\0'], ['longer', `${'<qemu-migration>'.repeat(100)}\0`], ['empty', '']])('rewrites the length word for a %s cookie and keeps what follows', (_name, replacement) => {
    for (const c of [begin, prepare, perform]) {
      if (!c) throw new Error('missing cookie');
      const site = findCookie(c.bytes);
      if (!site.ok || site.value === null) throw new Error('no cookie');
      const out = replaceCookie(c.bytes, site.value, new TextEncoder().encode(replacement));
      const read = readHeader(out);
      expect(read.ok).toBe(true);
      expect(out.length % 4).toBe(0);
      const again = findCookie(out);
      expect(again.ok && again.value !== null && text(again.value.cookie)).toBe(replacement);
      // Everything after the cookie (flags, cancelled / uri_out) is unchanged.
      expect(out.subarray(out.length - (c.bytes.length - site.value.end))).toEqual(c.bytes.subarray(site.value.end));
    }
  });

  it('drops <nbd> from the Prepare reply only, with the named rewrite', () => {
    const rewrite = namedRewrite('drop-nbd@prepare');
    if (!rewrite.ok) throw new Error(rewrite.error.message);
    const results = p2p.map((f) => rewriteFrame(f.bytes, rewrite.value));
    const changed = results.filter((r) => r.seen?.replacement);
    expect(changed.map((r) => r.seen?.site.point)).toEqual(['prepare']);
    const after = changed[0]?.seen?.replacement;
    expect(after && text(after)).not.toMatch(/<nbd/);
    expect(after && text(after)).toMatch(/<capabilities>[\s\S]*<\/qemu-migration>\n\0$/);
    for (const [index, r] of results.entries()) if (!r.seen?.replacement) expect(r.frame).toBe(p2p[index]?.bytes);
  });

  it('drops both forms of <nbd>', () => {
    expect(dropNbd("<a>\n  <nbd port='1'>\n    <disk target='vda' capacity='1'/>\n  </nbd>\n  <nbd/>\n</a>\n")).toBe('<a>\n</a>\n');
  });

  it('hands the hook the text without the NUL and puts the NUL back', () => {
    const seen: string[] = [];
    const hook = rewriteText((xml) => {
      seen.push(xml);
      return xml.replace('hosta', 'hostz');
    });
    const out = rewriteFrame(begin?.bytes ?? new Uint8Array(), hook);
    expect(seen[0]?.endsWith('</qemu-migration>\n')).toBe(true);
    expect(out.seen?.replacement && text(out.seen.replacement)).toMatch(/hostz[\s\S]*\0$/);
  });
});

describe('frames that are not migration cookies', () => {
  it('passes keepalive and other procedures untouched', () => {
    const ping = frame([keepaliveProgram, 1, 1, 2, 0, 0]);
    const changeAll = rewriteText(() => 'changed');
    expect(rewriteFrame(ping, changeAll)).toEqual({ frame: ping, seen: null, error: null });
    // REMOTE_PROC_CONNECT_OPEN (1), the first call on the link.
    const open = p2p.find((f) => {
      const read = readHeader(f.bytes);
      return read.ok && read.header.procedure === 1;
    });
    expect(open).toBeDefined();
    expect(open && rewriteFrame(open.bytes, changeAll)).toEqual({ frame: open?.bytes, seen: null, error: null });
  });

  it('passes an error reply (status 1) untouched', () => {
    const error = frame([0x20008086, 1, 303, 1, 9, 1], encodeOpaque(new TextEncoder().encode('boom')));
    expect(findCookie(error)).toEqual({ ok: true, value: null });
  });

  it.each<[string, Uint8Array]>([
    ['a short header', new Uint8Array([0, 0, 0, 8, 0, 0, 0, 0])],
    ['a length word that is not the frame', (() => {
      const f = frame([0x20008086, 1, 303, 1, 9, 0], encodeOpaque(new Uint8Array(4)));
      new DataView(f.buffer).setUint32(0, 999);
      return f;
    })()],
    ['a cookie over REMOTE_MIGRATE_COOKIE_MAX', frame([0x20008086, 1, 303, 1, 9, 0, frameLimits.cookieBytesMax + 1])],
    ['a cookie longer than the frame', frame([0x20008086, 1, 303, 1, 9, 0, 64])],
    ['a typed param of type 9', frame([0x20008086, 1, 303, 0, 9, 0, 1], new Uint8Array([0, 0, 0, 1, 0x61, 0, 0, 0, 0, 0, 0, 9]))],
  ])('reports %s as an error, not an exception', (_name, bytes) => {
    expect(findCookie(bytes).ok).toBe(false);
  });
});

describe('frame splitter', () => {
  const stream = (flow: string): Uint8Array => {
    const frames = p2p.filter((f) => f.flow === flow).map((f) => f.bytes);
    const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let offset = 0;
    for (const f of frames) {
      out.set(f, offset);
      offset += f.length;
    }
    return out;
  };

  test.prop([fc.constantFrom('to-target', 'to-source'), fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 40 })])(
    'cuts the same frames however the stream is split', (flow, sizes) => {
      const bytes = stream(flow);
      const splitter = new FrameSplitter();
      const out: Uint8Array[] = [];
      let offset = 0;
      for (const size of sizes) {
        out.push(...splitter.push(bytes.slice(offset, offset + size)));
        offset = Math.min(bytes.length, offset + size);
      }
      out.push(...splitter.push(bytes.slice(offset)));
      expect(out.map((f) => Array.from(f))).toEqual(p2p.filter((f) => f.flow === flow).map((f) => Array.from(f.bytes)));
      expect(splitter.error).toBeNull();
    });

  it('stops for good at a length under a header or over VIR_NET_MESSAGE_MAX', () => {
    for (const length of [8, frameLimits.frameBytesMax + 1]) {
      const splitter = new FrameSplitter();
      const head = new Uint8Array(4);
      new DataView(head.buffer).setUint32(0, length);
      expect(splitter.push(head)).toEqual([]);
      expect(splitter.error).toMatch(/outside/);
      expect(splitter.push(p2p[0]?.bytes ?? new Uint8Array())).toEqual([]);
    }
  });
});

describe('named rewrites', () => {
  it('set, replace or remove the first <nbd> port', () => {
    expect(nbdPort('49152')("<a>\n  <nbd port='49153'>\n  </nbd>\n</a>")).toBe("<a>\n  <nbd port='49152'>\n  </nbd>\n</a>");
    expect(nbdPort('7')("<nbd>\n    <disk target='vda'/>\n</nbd>")).toBe("<nbd port='7'>\n    <disk target='vda'/>\n</nbd>");
    expect(nbdPort('')("<nbd port='1'/>")).toBe('<nbd/>');
    expect(namedRewrite('nbd-port=x@prepare').ok).toBe(false);
    expect(namedRewrite('drop-nbd@confirm').ok).toBe(false);
  });
});
