// The cookie oracles: for any input, both policies return a result (never throw) within a time
// bound, every refusal carries a known code and a path, nothing lands on an object prototype;
// whatever strict accepts, libvirt accepts the same way; a cookie strict accepts re-formats and
// parses back to itself; and what libvirt accepts but strict refuses is a known finding.
import { cookieErrorCodes, formatCookie, parseCookie, resolveContext, type Cookie, type ParseContext, type ParseResult } from '../../model/cookie/index.js';
import { interpretDocument, readCookieDocument, type DocumentRead } from '../../model/cookie/parse.js';
import { acceptedInvalidExplanations, unescapedOutputExplanation } from './known.js';
import type { Judgement } from './handshake.js';

const knownCodes: ReadonlySet<string> = new Set(cookieErrorCodes);
/** Codes raised while decoding and reading the XML, before any policy-specific rule. */
const readingCodes: ReadonlySet<string> = new Set(['xml-malformed', 'doctype-forbidden', 'too-deep', 'unsafe-name', 'cookie-too-large']);
/** Generous per-parse bound: a GC pause on a shared machine must not count as a hang. */
export const cookieParseTimeMsMax = 250;

export interface CookieVerdicts {
  readonly libvirt: ParseResult;
  readonly strict: ParseResult;
}

function canonical(cookie: Cookie): string {
  return JSON.stringify(cookie, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

/** Fields libvirt prints with a plain %s (qemuMigrationCookieXMLFormat); specials in them cannot survive. */
function hasRawSpecials(cookie: Cookie): boolean {
  const raw = [cookie.lockstate?.driver, cookie.lockstate?.leases, cookie.graphics?.listen,
    ...(cookie.blockDirtyBitmaps ?? []).flatMap((d) => [d.target, ...d.bitmaps.flatMap((b) => [b.name, b.alias])])];
  return raw.some((text) => text !== undefined && text !== null && /[<>&'"]/.test(text));
}

/** Attempts at a parse that looked slow: a hang repeats, a GC pause or a busy neighbour does not. */
const slowParseAttempts = 3;

function parseOnce(input: string | Uint8Array, context: ParseContext, document?: DocumentRead): ParseResult {
  const ctx = resolveContext(context);
  const read = document ?? readCookieDocument(input, ctx);
  return read.ok ? interpretDocument(read.document, ctx) : read;
}

/** Parses under one policy, reusing an already read document when the bytes read the same. */
function timedParse(input: string | Uint8Array, context: ParseContext, now: () => number, judgement: Judgement, document?: DocumentRead): ParseResult {
  let result: ParseResult;
  let fastestMs = Number.POSITIVE_INFINITY;
  try {
    for (let attempt = 0; attempt < slowParseAttempts && fastestMs > cookieParseTimeMsMax; attempt += 1) {
      const started = now();
      // The first attempt may reuse the shared read; a re-timing reads the input again, whole.
      result = parseOnce(input, context, attempt === 0 ? document : undefined);
      fastestMs = Math.min(fastestMs, now() - started);
    }
  } catch (error) {
    judgement.failures.push({ oracle: 'threw', message: `parseCookie threw under ${context.policy}: ${error instanceof Error ? error.stack ?? error.message : String(error)}` });
    return { ok: false, errors: [] };
  }
  result ??= parseOnce(input, context, document);
  if (fastestMs > cookieParseTimeMsMax) {
    judgement.failures.push({ oracle: 'slow-parse', message: `parse took ${fastestMs.toFixed(0)} ms under ${context.policy} (fastest of ${slowParseAttempts} attempts)` });
  }
  if (!result.ok) {
    for (const error of result.errors) {
      if (!knownCodes.has(error.code) || !error.path.startsWith('/')) judgement.failures.push({ oracle: 'bad-error', message: `error ${JSON.stringify(error)} has an unknown code or no path` });
    }
  }
  if (({} as Record<string, unknown>)['polluted'] !== undefined) judgement.failures.push({ oracle: 'prototype-polluted', message: 'Object.prototype changed' });
  return result;
}

function hasNul(input: string | Uint8Array): boolean {
  return typeof input === 'string' ? input.includes('\u0000') : input.includes(0);
}

export function judgeCookie(input: string | Uint8Array, context: ParseContext, options: { mustAccept: boolean; now: () => number }): Judgement & { verdicts: CookieVerdicts } {
  const judgement: Judgement = { failures: [], known: [] };
  // Both policies decode and read XML with the same code; only a NUL byte is read differently
  // (libvirt ends the C string there, strict refuses it). Otherwise read once, interpret twice.
  const shared = hasNul(input) ? undefined : readCookieDocument(input, resolveContext({ ...context, policy: 'libvirt' }));
  const libvirt = timedParse(input, { ...context, policy: 'libvirt' }, options.now, judgement, shared);
  const readRefusal = !libvirt.ok && readingCodes.has(libvirt.errors[0]?.code ?? '');
  const strict = readRefusal && shared ? libvirt : timedParse(input, { ...context, policy: 'strict' }, options.now, judgement, shared);
  if (strict.ok && (!libvirt.ok || canonical(libvirt.cookie) !== canonical(strict.cookie))) {
    judgement.failures.push({ oracle: 'policy-disagreement', message: 'strict accepts a cookie that libvirt refuses or reads differently' });
  }
  if (libvirt.ok && !strict.ok) {
    const code = strict.errors[0]?.code ?? '?';
    const why = acceptedInvalidExplanations[code];
    if (why) judgement.known.push({ oracle: 'accepted-invalid-cookie', message: `libvirt accepts what strict refuses with ${code}`, ...why });
    else judgement.failures.push({ oracle: 'policy-disagreement', message: `libvirt accepts a cookie strict refuses with ${code}, which strict should only refuse for grammar reasons` });
  }
  if (strict.ok) reformat(strict, context, judgement);
  if (options.mustAccept && !(libvirt.ok && strict.ok)) {
    const why = [libvirt, strict].flatMap((r) => (r.ok ? [] : r.errors.map((e) => `${e.code}: ${e.message}`))).join('; ');
    judgement.failures.push({ oracle: 'valid-rejected', message: `a cookie libvirt could have written was refused: ${why}` });
  }
  return { ...judgement, verdicts: { libvirt, strict } };
}

/**
 * libvirt re-formats what it parsed (its qemumigrationcookiexmltest does exactly that), so the
 * cycle format → parse → format must be a fixpoint: the second text equals the first.
 */
function reformat(result: Extract<ParseResult, { ok: true }>, context: ParseContext, judgement: Judgement): void {
  const version = context.libvirt;
  const first = formatCookie(result.cookie, result.mask, { libvirt: version });
  const again = parseCookie(first, { phase: 'all', mask: result.mask, policy: 'strict', libvirt: version });
  if (again.ok && formatCookie(again.cookie, result.mask, { libvirt: version }) === first) return;
  if (hasRawSpecials(result.cookie)) {
    judgement.known.push({ oracle: 'unescaped-output', message: 'a field printed with %s holds XML specials and does not survive a re-format', ...unescapedOutputExplanation });
  } else {
    judgement.failures.push({ oracle: 'unstable-reformat', message: `format → parse → format of an accepted cookie changed it: ${again.ok ? 'different text' : again.errors[0]?.code ?? '?'}` });
  }
}
