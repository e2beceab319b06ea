// A case's fault applied to the real cookie in flight (the proxy's rewrite hook), keeping the
// bytes as sent and as delivered for the judge: structure edits on the parsed tree, byte edits
// on the bytes themselves (without the trailing NUL libvirt counts, which is put back). And the
// fractions that pick a cookie's <nbd>, read off the simulated cookie, whose element layout is
// the real one's (`real diff` finds no structural difference on these scenarios).
import { applyByteEdits } from '../../fuzz/mutators/bytes.js';
import { applyStructureEdits, mutableFromXml } from '../../fuzz/mutators/structure.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import { readXml } from '../../model/xml/reader.js';
import type { CookieRewrite } from '../rpc/cookies.js';
import { simScenarioFor } from '../diff/sim-scenario.js';
import { caseScenario, type FuzzPoint, type RealFuzzCase, type Variant } from './fuzz-case.js';

export interface Delivery {
  /** The cookie as the sender wrote it and as the receiver got it (trailing NUL included). */
  sent: Uint8Array | null;
  delivered: Uint8Array | null;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function withoutNul(bytes: Uint8Array): Uint8Array {
  return bytes.at(-1) === 0 ? bytes.subarray(0, -1) : bytes;
}

function withNul(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** The case's change to a cookie's bytes (NUL included on both ends). */
export function mutateCookie(item: RealFuzzCase, cookie: Uint8Array): Uint8Array {
  const body = withoutNul(cookie);
  if (item.fault.kind === 'corrupt') return withNul(applyByteEdits(body, item.fault.edits));
  const tree = mutableFromXml(decoder.decode(body));
  // A cookie the reader cannot take is passed on as it is (the fuzzer's interceptor does the same).
  return tree === null ? cookie : withNul(encoder.encode(applyStructureEdits(tree, item.fault.edits)));
}

/** The proxy hook for one case: changes the case's cookie, once, and keeps both versions. */
export function caseRewrite(item: RealFuzzCase, delivery: Delivery): CookieRewrite {
  return (cookie, context) => {
    if (context.point !== item.point || delivery.sent !== null) return cookie;
    delivery.sent = cookie.slice();
    delivery.delivered = mutateCookie(item, cookie);
    return delivery.delivered;
  };
}

/** The proxy hook that delivers recorded bytes in place of one point's cookie (`real replay`). */
export function verbatimRewrite(point: FuzzPoint, bytes: Uint8Array, delivery: Delivery): CookieRewrite {
  return (cookie, context) => {
    if (context.point !== point || delivery.sent !== null) return cookie;
    delivery.sent = cookie.slice();
    delivery.delivered = bytes;
    return bytes;
  };
}

/** Fractions (structure.ts targets) that pick the root's <nbd> child in the simulated cookie of `point`. */
export function nbdTargetIn(point: FuzzPoint, variant: Variant): readonly number[] | null {
  const result = simulateHandshake(simScenarioFor(caseScenario(variant)));
  const xml = result.phases.find((p) => p.phase === point && !p.cancelled)?.cookie;
  if (xml === undefined || xml === null) return null;
  const read = readXml(xml);
  if (!read.ok) return null;
  const children = read.document.root.children.filter((c) => c.kind === 'element');
  const index = children.findIndex((c) => c.kind === 'element' && c.name === 'nbd');
  if (index < 0) return null;
  return [Math.ceil((index * 1_000_001) / children.length)];
}
