// The verdicts a fuzz case compares: what the real receiver did with the changed cookie
// (accepted it, or refused it with which message) and what migsim's reference codec says for the
// same bytes, phase, libvirt version and host. A real refusal is one in the receiving phase whose
// text is one of the cookie codec's (cookieErrorCatalog, libvirt's texts and migsim's strict ones,
// which a designer's build may adopt) or which libvirt's cookie or XML parser logged.
import type { ErrorCatalogEntry } from '../../model/catalog.js';
import { cookieErrorCatalog, parseCookie, type ParseContext } from '../../model/cookie/index.js';
import type { RealRecord } from '../record.js';
import type { FuzzPoint } from './fuzz-case.js';
import { receiverOf } from './fuzz-case.js';

export type Verdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  /** The receiving phase never ran (the run ended before it). */
  | { readonly kind: 'not-reached' };

function templatePattern(template: string): RegExp {
  const parts = template.split('%s').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // A %s may hold newlines (a name taken from a cookie, libxml2's context lines).
  return new RegExp(parts.join('[\\s\\S]*'));
}

/** Longest templates first, so that a specific text wins over a generic one such as the XML reader's. */
const cookieTexts: readonly { readonly pattern: RegExp; readonly code: string }[] = [...cookieErrorCatalog]
  .filter((entry: ErrorCatalogEntry) => entry.message.replace(/%s/g, '').replace(/[^A-Za-z]/g, '').length >= 8 || entry.code === 'xml-malformed')
  .sort((a, b) => b.message.length - a.message.length)
  .map((entry) => ({ pattern: templatePattern(entry.message), code: entry.code }));

export function cookieCodeFor(message: string): string | null {
  return cookieTexts.find((row) => row.pattern.test(message))?.code ?? null;
}

/** libvirt functions whose logged error means the cookie itself was refused. */
const parserFunctions = /^(qemuMigrationCookie|qemuMigrationEatCookie|virXML|catchXMLError)/;

export function realVerdict(record: RealRecord, point: FuzzPoint): Verdict {
  const receiver = receiverOf[point];
  const { outcome } = record;
  const parserErrors = record.errors.filter((e) => e.phase === receiver.phase && e.side === receiver.side && parserFunctions.test(e.function));
  if (outcome.result === 'failed' && outcome.error.phase === receiver.phase) {
    const code = cookieCodeFor(outcome.error.message);
    if (code !== null || parserErrors.length > 0) return { kind: 'refused', code: code ?? 'libvirt-error', message: outcome.error.message };
  }
  // A Confirm that refuses the Finish cookie fails, but its caller only warns and the migration
  // completes (qemuMigrationSrcPerformPeer2Peer3): the refusal is in the source's log alone.
  const logged = receiver.phase === 'confirm' ? parserErrors[0] : undefined;
  if (logged !== undefined) return { kind: 'refused', code: cookieCodeFor(logged.message) ?? 'libvirt-error', message: logged.message };
  const ran = record.phases.some((p) => p.phase === receiver.phase && p.side === receiver.side && p.cancelled !== true);
  return ran ? { kind: 'accepted' } : { kind: 'not-reached' };
}

export function referenceVerdict(delivered: Uint8Array, context: ParseContext): Verdict {
  const result = parseCookie(delivered, context);
  if (result.ok) return { kind: 'accepted' };
  const first = result.errors[0];
  return { kind: 'refused', code: first?.code ?? 'xml-malformed', message: first?.message ?? 'refused' };
}

/** A refusal's text in a report line (a mutated cookie can make it kilobytes long). */
const messageCharsMax = 160;

export function verdictText(verdict: Verdict): string {
  if (verdict.kind !== 'refused') return verdict.kind;
  const line = verdict.message.split('\n')[0] ?? '';
  return `refused [${verdict.code}] ${line.length > messageCharsMax ? `${line.slice(0, messageCharsMax)}...` : line}`;
}
