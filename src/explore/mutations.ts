// Prepared ways to break a cookie on the wire, each one a question the libvirt review asked or a
// real libvirt 9.0 pair answered under rewritten cookies (docs/evidence.md E2): what does the
// receiver do with two <nbd>, with a port outside 1..65535, with a mandatory feature it does not
// know, with no <nbd> at all? Each works on whatever cookie the run actually sent and says so when
// it does not apply.

export type MutationName = 'dup-nbd' | 'bad-port' | 'unknown-feature' | 'no-nbd';

export interface Mutation {
  readonly name: MutationName;
  readonly label: string;
  readonly explanation: string;
  /** The mutated cookie, or null when the mutation does not apply to this cookie. */
  readonly apply: (xml: string) => string | null;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The first `<nbd>` element, from the start of its line to the end of its closing line. */
export function nbdElement(xml: string): Span | null {
  const open = /<nbd[\s/>]/.exec(xml);
  if (!open) return null;
  const tagEnd = xml.indexOf('>', open.index);
  if (tagEnd < 0) return null;
  const selfClosing = xml[tagEnd - 1] === '/';
  const close = selfClosing ? tagEnd + 1 : xml.indexOf('</nbd>', tagEnd);
  if (close < 0) return null;
  const closeEnd = selfClosing ? close : close + '</nbd>'.length;
  const lineStart = xml.lastIndexOf('\n', open.index) + 1;
  const newline = xml.indexOf('\n', closeEnd);
  return { start: lineStart, end: newline < 0 ? xml.length : newline + 1 };
}

/** A port that nothing listens on: the real one plus one, so a reader that picks the copy fails visibly. */
function shiftPort(element: string): string {
  return element.replace(/port='(\d+)'/, (_m, port: string) => `port='${Number(port) + 1}'`);
}

function duplicateNbd(xml: string): string | null {
  const span = nbdElement(xml);
  if (!span) return null;
  const element = xml.slice(span.start, span.end);
  const copy = shiftPort(element.endsWith('\n') ? element : `${element}\n`);
  return xml.slice(0, span.end) + (element.endsWith('\n') ? '' : '\n') + copy + xml.slice(span.end);
}

/** 70000 is outside 1..65535: libvirt reads it with virStrToLong_i and QEMU wraps it. */
function badPort(xml: string): string | null {
  const open = /<nbd([\s/>])/.exec(xml);
  if (!open) return null;
  const tagEnd = xml.indexOf('>', open.index);
  const tag = xml.slice(open.index, tagEnd + 1);
  const changed = /port='[^']*'/.test(tag) ? tag.replace(/port='[^']*'/, "port='70000'") : tag.replace('<nbd', "<nbd port='70000'");
  return xml.slice(0, open.index) + changed + xml.slice(tagEnd + 1);
}

function unknownFeature(xml: string): string | null {
  const anchor = /<\/hostuuid>[^\n]*\n/.exec(xml) ?? /<qemu-migration[^>]*>[^\n]*\n/.exec(xml);
  if (!anchor) return null;
  const at = anchor.index + anchor[0].length;
  return `${xml.slice(0, at)}  <feature name='future-feature'/>\n${xml.slice(at)}`;
}

function removeNbd(xml: string): string | null {
  const span = nbdElement(xml);
  return span ? xml.slice(0, span.start) + xml.slice(span.end) : null;
}

export const mutations: readonly Mutation[] = [
  {
    name: 'dup-nbd', label: 'Duplicate <nbd>', apply: duplicateNbd,
    explanation: 'A second <nbd> follows the first; if the first names a port, the copy names the next port, where nothing listens. libvirt reads the first port in document order and merges the disks; strict refuses duplicates.',
  },
  {
    name: 'bad-port', label: 'Port 70000', apply: badPort,
    explanation: 'The <nbd> port becomes 70000, outside 1..65535. libvirt accepts it and QEMU connects to 70000 mod 65536 = 4464; strict refuses it while parsing.',
  },
  {
    name: 'unknown-feature', label: 'Unknown feature', apply: unknownFeature,
    explanation: "A <feature name='future-feature'/> is added: a feature the sender declares mandatory, which this receiver does not know (qemuMigrationCookieXMLParseMandatoryFeatures).",
  },
  {
    name: 'no-nbd', label: 'Remove <nbd>', apply: removeNbd,
    explanation: 'The <nbd> element is taken out, as an old peer that does not know it would leave it out.',
  },
];

export function mutationNamed(name: string): Mutation | null {
  return mutations.find((m) => m.name === name) ?? null;
}
