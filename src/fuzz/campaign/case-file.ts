// A failing case as a file: everything needed to replay it exactly (target, policies, the peer
// plug-in, the shrunk case itself, and the seed and path fast-check found it with), written as
// JSON with 64-bit numbers tagged so that they survive. A case file comes from outside (a CI log,
// a colleague), so it is read through its schema before anything in it is used, and the error
// names the bad field; it names its plug-in by absolute path and content hash, which replay
// checks before it runs any of the plug-in's code.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DesignerPolicy } from '../../model/policy.js';
import type { CookieCase } from '../arbitraries/cookie-case.js';
import type { HandshakeCase } from '../arbitraries/handshake-case.js';
import type { TargetName } from '../targets.js';
import { caseCookieSchema } from './cookie-schema.js';

const phase = z.enum(['begin', 'prepare', 'perform', 'finish', 'confirm']);
const fraction = z.number().int().min(0).max(1_000_000);
const byte = z.number().int().min(0).max(255);
/** Bounds on what a case may ask for: far above what the arbitraries generate, far below harm. */
const editsMax = 64;
const textCharsMax = 4 * 1024 * 1024;

const byteEdit = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('flip-bit'), at: fraction, bit: z.number().int().min(0).max(7) }),
  z.strictObject({ kind: z.literal('set-byte'), at: fraction, value: byte }),
  z.strictObject({ kind: z.literal('insert'), at: fraction, bytes: z.array(byte).max(4096) }),
  z.strictObject({ kind: z.literal('delete'), at: fraction, length: z.number().int().min(0).max(textCharsMax) }),
  z.strictObject({ kind: z.literal('duplicate'), at: fraction, length: z.number().int().min(0).max(textCharsMax) }),
]);

/** An element of a cookie document as a case file stores it (exported: schemas built on it name it in their declarations). */
export interface CaseElement { name: string; attributes: [string, string][]; children: (CaseElement | { text: string })[] }
const element: z.ZodType<CaseElement> = z.lazy(() => z.strictObject({
  name: z.string(),
  attributes: z.array(z.tuple([z.string(), z.string()])),
  children: z.array(z.union([element, z.strictObject({ text: z.string() })])),
}));

const target = z.array(fraction).max(64);
const structureEdit = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('duplicate'), target }),
  z.strictObject({ kind: z.literal('remove'), target }),
  z.strictObject({ kind: z.literal('rename'), target, name: z.string() }),
  z.strictObject({ kind: z.literal('swap'), target, other: fraction }),
  z.strictObject({ kind: z.literal('set-attribute'), target, name: z.string(), value: z.string() }),
  z.strictObject({ kind: z.literal('remove-attributes'), target }),
  z.strictObject({ kind: z.literal('set-text'), target, text: z.string() }),
  z.strictObject({ kind: z.literal('insert'), target, element }),
  z.strictObject({ kind: z.literal('rename-root'), name: z.string() }),
  z.strictObject({ kind: z.literal('nest'), target, depth: z.number().int().min(0).max(1024) }),
  z.strictObject({ kind: z.literal('wrap-document'), before: z.string(), after: z.string() }),
  z.strictObject({ kind: z.literal('twin'), name: z.string(), attribute: z.string(), value: z.string() }),
]);

const scenarioFeatures = z.strictObject({
  disks: z.string().max(4096).optional(),
  migrateDisks: z.array(z.string()).max(64).nullable().optional(),
  tls: z.boolean().optional(),
  graphics: z.enum(['none', 'vnc', 'spice']).optional(),
  offline: z.boolean().optional(),
  unsafe: z.boolean().optional(),
  abort: z.enum(['begin', 'prepare', 'perform', 'mirror', 'finish']).nullable().optional(),
  destinationDisk: z.enum(['precreated', 'missing', 'pool']).optional(),
  portsInUse: z.array(z.number().int().min(1).max(65535)).max(1024).optional(),
});

/** The two faults that change a cookie's content (the ones `migsim real fuzz` applies in flight too). */
export const contentFaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('corrupt'), edits: z.array(byteEdit).max(editsMax) }),
  z.strictObject({ kind: z.literal('mutate'), edits: z.array(structureEdit).max(editsMax) }),
]);

const cookieFault = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('drop') }),
  z.strictObject({ kind: z.literal('duplicate') }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(24 * 3600 * 1000) }),
  z.strictObject({ kind: z.literal('replay'), earlier: z.number().int().min(0).max(64) }),
  ...contentFaultSchema.options,
]);

const sideSpec = z.string().regex(/^libvirt=[\d.]+,qemu=[\d.]+(,[+-][a-z0-9-]+)*$/, 'a side such as libvirt=9.0.0,qemu=7.2.0[,+cap,-cap]');

export const handshakeCaseSchema = z.strictObject({
  source: sideSpec,
  target: sideSpec,
  copyStorage: z.enum(['all', 'inc', 'none']),
  mode: z.enum(['regular', 'p2p', 'tunnelled']),
  persistent: z.boolean(),
  policy: z.number().int().min(0),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  faults: z.strictObject({
    cookies: z.strictObject({ begin: cookieFault.optional(), prepare: cookieFault.optional(), perform: cookieFault.optional(), finish: cookieFault.optional() }),
    crash: z.union([
      z.strictObject({ side: z.literal('source'), before: phase }),
      z.strictObject({ side: z.literal('target'), before: phase }),
    ]).nullable(),
  }),
  // Case files written before the scenario space existed have none: one 10 GiB disk, no flags.
  scenario: scenarioFeatures.optional(),
}) satisfies z.ZodType<HandshakeCase, unknown>;

const version = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, 'a version such as 9.0.0');

export const cookieCaseSchema = z.strictObject({
  base: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('generated'), version, cookie: caseCookieSchema }),
    z.strictObject({ kind: z.literal('corpus'), index: z.number().int().min(0) }),
    z.strictObject({ kind: z.literal('text'), xml: z.string().max(textCharsMax) }),
  ]),
  mutation: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({ kind: z.literal('bytes'), edits: z.array(byteEdit).max(editsMax) }),
    z.strictObject({ kind: z.literal('structure'), edits: z.array(structureEdit).max(editsMax) }),
  ]),
  phase: z.enum(['begin', 'prepare', 'perform', 'finish', 'confirm', 'all']),
  libvirt: version,
  domainMatches: z.boolean(),
  sameHost: z.boolean(),
}) satisfies z.ZodType<CookieCase, unknown>;

const timeoutMs = z.number().int().min(0).max(24 * 3600 * 1000).nullable();

export const designerPolicySchema = z.strictObject({
  name: z.string(),
  cookiePolicy: z.enum(['libvirt', 'strict']),
  duplicateNbd: z.enum(['first-match', 'last-wins', 'reject']),
  portRangeCheck: z.boolean(),
  nbdOfferGate: z.enum(['none', 'feature-bit']),
  nbdMandatory: z.boolean(),
  fallback: z.enum(['era', 'legacy', 'fail']),
  nbdServerStop: z.enum(['era', 'own-state']),
  connectTimeoutMs: timeoutMs,
  // Case files written before the ready-timeout switch existed leave it out: libvirt's wait.
  readyTimeoutMs: timeoutMs.default(null),
  storageFlags: z.enum(['era', 'fixed']),
  lostFinish: z.enum(['resume', 'pause']),
  // Case files written before the finish-cookie-refused switch existed leave it out: libvirt's way.
  finishCookieRefused: z.enum(['libvirt', 'stop']).default('libvirt'),
}) satisfies z.ZodType<DesignerPolicy, unknown>;

/** The plug-in a campaign ran: where it was and what it held, so that replay can tell it is the same file. */
export const peerRecordSchema = z.strictObject({
  path: z.string().refine((path) => path.startsWith('/'), 'an absolute path'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
});

const oracleFailure = z.strictObject({ oracle: z.string(), message: z.string(), resource: z.string().optional() });

const common = {
  migsimCase: z.literal(1),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  path: z.string().regex(/^\d+(:\d+)*$/, "fast-check's replay path, like 42:1:0").or(z.literal('')),
  policies: z.array(designerPolicySchema).min(1).max(64),
  /** The campaign's policies before the plug-in's own switches: what libvirt's peers ran under for blame (default: policies). */
  baselinePolicies: z.array(designerPolicySchema).min(1).max(64).optional(),
  /** Older files name the module only by path; such a peer is never loaded from the file. */
  peer: z.union([peerRecordSchema, z.string()]).nullable(),
  decisionTable: z.boolean(),
  failures: z.array(oracleFailure),
  note: z.string().optional(),
  /** A case found on a real libvirt pair (migsim real fuzz): what `migsim real replay` needs; `migsim replay` runs the case in simulation and ignores it. */
  real: z.record(z.string(), z.unknown()).optional(),
  /** Set when the case failed in the campaign but not alone in a fresh worker: the plug-in kept state between cases. */
  stateful: z.strictObject({ inCampaign: z.array(oracleFailure), alone: z.array(oracleFailure) }).optional(),
};

/** A handshake case file (a case found by `migsim real fuzz` is one, with its `real` part). */
export const handshakeCaseFileSchema = z.strictObject({ ...common, target: z.literal('handshake'), case: handshakeCaseSchema });

export const caseFileSchema = z.discriminatedUnion('target', [
  handshakeCaseFileSchema,
  z.strictObject({ ...common, target: z.literal('cookie'), case: cookieCaseSchema }),
]);

export type PeerRecord = z.output<typeof peerRecordSchema>;
export type CaseFile = z.output<typeof caseFileSchema>;
export type HandshakeCaseFile = z.output<typeof handshakeCaseFileSchema>;

export type CaseFileRead = { readonly ok: true; readonly file: CaseFile } | { readonly ok: false; readonly message: string; readonly path: string };

/** JSON with 64-bit numbers tagged as `{ "$bigint": "..." }`. */
export function toCaseJson(file: CaseFile | Readonly<Record<string, unknown>>): string {
  return JSON.stringify(file, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value), 2) + '\n';
}

/** A JSON path as `case.faults.cookies.begin.edits[0].at`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('') || '(the whole file)';
}

/** Reads a case file; never throws on its content. */
export function fromCaseJson(text: string): CaseFileRead {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, message: `not JSON (${error instanceof Error ? error.message : String(error)})`, path: '(the whole file)' };
  }
  const parsed = caseFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, file: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue?.message ?? 'not a migsim case file', path: pathText(issue?.path ?? []) };
}

/** A case file as a campaign assembles it, read back through the schema: what is written can be replayed. */
export function checkedCaseFile(draft: Readonly<Record<string, unknown>>): CaseFileRead {
  return fromCaseJson(toCaseJson(draft));
}

/** What a campaign needs to say about its failure and its settings to make a replayable case file. */
export interface FailureRecord {
  readonly target: TargetName;
  readonly failure: { readonly seed: number; readonly path: string; readonly item: unknown; readonly failures: readonly { oracle: string; message: string }[] };
  /** The policies the campaign ran (after a plug-in adjusted them) and the ones it was given. */
  readonly policies: readonly DesignerPolicy[];
  readonly baselinePolicies: readonly DesignerPolicy[];
  readonly peer: PeerRecord | null;
  readonly decisionTable: boolean;
  /** The seed corpus the case may name by index (inlined, so the file replays without it). */
  readonly corpus: readonly string[];
}

/** The case file of a campaign's failure, read back through the schema. */
export function failureCaseFile(record: FailureRecord): CaseFileRead {
  const { target, failure } = record;
  return checkedCaseFile({
    migsimCase: 1, target, seed: failure.seed, path: failure.path, policies: record.policies, baselinePolicies: record.baselinePolicies,
    peer: record.peer, decisionTable: record.decisionTable, case: selfContained(target, failure.item, record.corpus), failures: failure.failures,
  });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Inlines a corpus base so that the case replays without the corpus it was found with. */
export function selfContained(target: TargetName, item: unknown, corpus: readonly string[]): unknown {
  if (target !== 'cookie') return item;
  const cookieCase = item as CookieCase;
  if (cookieCase.base.kind !== 'corpus') return item;
  return { ...cookieCase, base: { kind: 'text', xml: corpus[cookieCase.base.index] ?? '' } };
}

export function caseFileName(file: Pick<CaseFile, 'target' | 'seed' | 'failures'>): string {
  const oracle = file.failures[0]?.oracle ?? 'failure';
  return `${file.target}-${oracle}-${file.seed}.json`;
}
