// `parseCookie`: what the receiving libvirt makes of a cookie (`qemuMigrationCookieParse` →
// `qemuMigrationCookieXMLParseStr` → `qemuMigrationCookieXMLParse`), as a typed result. It never
// throws on peer input: every refusal is a coded error with the path of the element concerned.
import { atLeast, v } from '../version.js';
import { readXml, type XmlReadError } from '../xml/reader.js';
import { firstChild } from '../xml/query.js';
import type { XmlDocument, XmlElement } from '../xml/tree.js';
import { resolveContext, type ParseContext, type ResolvedContext } from './context.js';
import type { CookieError } from './errors.js';
import { hasFlag, type FlagMask } from './flags.js';
import { parseFeatures, parseHeader } from './header.js';
import { decodeCookieInput } from './input.js';
import { parseNbd } from './nbd.js';
import {
  hasChild, parseAllowReboot, parseBlockDirtyBitmaps, parseCapabilities, parseDomain, parseGraphics, parseLockstate,
  parseNetwork, parseOpaqueFirst, parseStatistics,
} from './sections.js';
import type { Step } from './step.js';
import { strictStructureErrors } from './strict.js';
import type { Cookie } from './types.js';

export type ParseResult =
  | {
    readonly ok: true;
    readonly cookie: Cookie;
    /** Errors libvirt reported but did not fail on (unsupported features before 1.3.0). */
    readonly warnings: readonly CookieError[];
    /** The flag mask the parse used. */
    readonly mask: FlagMask;
    /**
     * Elements of the cookie this parse never looked at: unknown ones, and known sections the
     * phase does not ask for or this libvirt predates (their flag is not in the mask). What a
     * sentence about "the cookie has no <nbd>" must take into account.
     */
    readonly ignored: readonly string[];
    /**
     * Mandatory features this libvirt accepted without checking them: before 1.0.3 its parser
     * looked for './features' (69660042fb fixed the typo), so no <feature> was read at all.
     */
    readonly uncheckedFeatures: readonly string[];
  }
  | { readonly ok: false; readonly errors: readonly CookieError[] };

export function parseCookie(input: string | Uint8Array, context: ParseContext): ParseResult {
  const ctx = resolveContext(context);
  const read = readCookieDocument(input, ctx);
  return read.ok ? interpretDocument(read.document, ctx) : read;
}

export type DocumentRead = { readonly ok: true; readonly document: XmlDocument } | { readonly ok: false; readonly errors: readonly CookieError[] };

/** The bytes-and-XML half of parsing, shared by both policies (only a NUL byte is read differently). */
export function readCookieDocument(input: string | Uint8Array, ctx: ResolvedContext): DocumentRead {
  const text = decodeCookieInput(input, ctx);
  if (!text.ok) return { ok: false, errors: [text.error] };
  const read = readXml(text.value, ctx.limits);
  return read.ok ? read : { ok: false, errors: [xmlError(read.error)] };
}

/** The policy half of parsing: what libvirt (or the strict policy) reads from a document. */
export function interpretDocument(document: XmlDocument, ctx: ResolvedContext): ParseResult {
  if (ctx.policy === 'strict') {
    const structural = strictStructureErrors(document.root, ctx.duplicateNbd !== 'reject');
    if (structural.length > 0) return { ok: false, errors: structural };
  }
  return parseDocument(document, ctx);
}

function xmlError(error: XmlReadError): CookieError {
  switch (error.kind) {
    case 'doctype': return { code: 'doctype-forbidden', message: error.message, path: error.path };
    case 'too-deep': return { code: 'too-deep', message: error.message, path: error.path };
    case 'too-many-nodes': return { code: 'cookie-too-large', message: error.message, path: error.path };
    case 'unsafe-name': return { code: 'unsafe-name', message: error.message, path: error.path };
    case 'malformed':
      return { code: 'xml-malformed', message: `(qemu_migration_cookie):${error.line}: ${error.message}`, path: error.path };
  }
}

const allowRebootUntil = v('7.7.0');

type Sections = Omit<Cookie, 'name' | 'uuid' | 'hostname' | 'hostuuid' | 'features'>;

function parseDocument(doc: XmlDocument, ctx: ResolvedContext): ParseResult {
  const root = doc.root;
  const rootPath = `/${root.name}`;
  const header = parseHeader(root, rootPath, ctx);
  if (!header.ok) return { ok: false, errors: [header.error] };
  const features = parseFeatures(root, rootPath, ctx);
  if (!features.ok) return { ok: false, errors: [features.error] };
  const sections = parseSections(doc, rootPath, ctx);
  if (!sections.ok) return { ok: false, errors: [sections.error] };
  const cookie: Cookie = { ...header.value, features: features.value.names, ...sections.value };
  return {
    ok: true, cookie, warnings: features.value.warnings, mask: ctx.mask, ignored: ignoredElements(root, ctx.mask),
    uncheckedFeatures: features.value.checked ? [] : features.value.names,
  };
}

/** Root elements always read (the header) and the flag that makes each optional one read. */
const alwaysRead: ReadonlySet<string> = new Set(['name', 'uuid', 'hostname', 'hostuuid', 'feature']);
const elementFlag: Readonly<Record<string, Parameters<typeof hasFlag>[1]>> = {
  graphics: 'graphics', lockstate: 'lockstate', domain: 'persistent', network: 'network', nbd: 'nbd', statistics: 'statistics',
  cpu: 'cpu', allowReboot: 'allowReboot', capabilities: 'capabilities', blockDirtyBitmaps: 'block-dirty-bitmaps',
};

function ignoredElements(root: XmlElement, mask: FlagMask): string[] {
  const ignored: string[] = [];
  for (const node of root.children) {
    if (node.kind !== 'element' || node.inNamespace || alwaysRead.has(node.name) || ignored.includes(node.name)) continue;
    const flag = Object.hasOwn(elementFlag, node.name) ? elementFlag[node.name] : undefined;
    if (flag === undefined || !hasFlag(mask, flag)) ignored.push(node.name);
  }
  return ignored;
}

// The optional sections in libvirt's order; each is read only when the phase's mask has its
// flag and (mostly) only when the element is there.
function parseSections(doc: XmlDocument, rootPath: string, ctx: ResolvedContext): Step<Sections> {
  const root = doc.root;
  const wants = (flag: Parameters<typeof hasFlag>[1]): boolean => hasFlag(ctx.mask, flag);
  const graphics = wants('graphics') && hasChild(root, 'graphics') ? parseGraphics(root, rootPath) : null;
  if (graphics && !graphics.ok) return graphics;
  const lockstate = wants('lockstate') && hasChild(root, 'lockstate') ? parseLockstate(root, rootPath) : null;
  if (lockstate && !lockstate.ok) return lockstate;
  const domain = wants('persistent') && hasChild(root, 'domain') ? parseDomain(doc, rootPath, ctx) : null;
  if (domain && !domain.ok) return domain;
  const network = wants('network') && hasChild(root, 'network') ? parseNetwork(root, rootPath) : null;
  if (network && !network.ok) return network;
  const nbd = wants('nbd') && hasChild(root, 'nbd') ? parseNbd(root, rootPath, ctx) : null;
  if (nbd && !nbd.ok) return nbd;
  const statisticsElement = wants('statistics') ? firstChild(root, 'statistics') : undefined;
  const cpu = wants('cpu') ? parseOpaqueFirst(doc, 'cpu') : null;
  // 6997cf6f5d (7.7.0) stopped reading <allowReboot>; the flag name itself stayed in the enum.
  const allowReboot = wants('allowReboot') && !atLeast(ctx.libvirt, allowRebootUntil) ? parseAllowReboot(root) : null;
  // CAPS is parsed whenever requested, even without the element (then it is empty).
  const capabilities = wants('capabilities') ? parseCapabilities(root, rootPath, ctx) : null;
  if (capabilities && !capabilities.ok) return capabilities;
  const bitmaps = wants('block-dirty-bitmaps') && hasChild(root, 'blockDirtyBitmaps') ? parseBlockDirtyBitmaps(root, rootPath) : null;
  if (bitmaps && !bitmaps.ok) return bitmaps;
  return {
    ok: true,
    value: {
      graphics: graphics?.value ?? null,
      lockstate: lockstate?.value ?? null,
      domain: domain?.value ?? null,
      network: network?.value ?? null,
      nbd: nbd?.value ?? null,
      statistics: statisticsElement ? parseStatistics(statisticsElement) : null,
      cpu,
      allowReboot,
      capabilities: capabilities?.value ?? null,
      blockDirtyBitmaps: bitmaps?.value ?? null,
    },
  };
}
