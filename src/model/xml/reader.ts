// A small, strict, iterative XML 1.0 reader for migration cookies.
//
// Why our own reader: libvirt reads the cookie with libxml2 and XPath (`virXMLParseStringCtxt`
// in src/util/virxml.c), so what matters is the exact string value XPath would return: text is
// kept verbatim (no trimming), CDATA joins the text, attribute values get XML's whitespace
// normalisation, and unprefixed names only match elements in no namespace. A generic
// object-mapping parser hides or changes each of these. The reader never recurses (deep
// nesting cannot overflow the stack), refuses any DOCTYPE (so no entity can expand), bounds
// depth, node count and attributes, and reports errors as values with an element path.
import { invalidCharPattern, isWhitespace, scanName } from './chars.js';
import { decodeReferences } from './references.js';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlText } from './tree.js';

/**
 * Names of ISO-8859-1, which libxml2 decodes itself (xmlParseCharEncoding: XML_CHAR_ENCODING_8859_1,
 * and the iconv aliases Debian's build adds): libvirt 9.0 accepts a cookie that declares it
 * (corpus/real/fuzz/iso-8859-1-declaration.json).
 */
export const latin1Names: readonly string[] = ['ISO-8859-1', 'ISO8859-1', 'ISO_8859-1', 'ISO-LATIN-1', 'LATIN1'];

export type XmlErrorKind = 'malformed' | 'doctype' | 'too-deep' | 'too-many-nodes' | 'unsafe-name';

export interface XmlReadError {
  readonly kind: XmlErrorKind;
  readonly message: string;
  /** 1-based line of the problem in the input. */
  readonly line: number;
  /** Path of the innermost element open at the problem (`/` before the root). */
  readonly path: string;
  /** Character offset of the problem: the reader stops there, so it is also how far it read. */
  readonly offset: number;
}

export type XmlReadResult =
  | { readonly ok: true; readonly document: XmlDocument }
  | { readonly ok: false; readonly error: XmlReadError };

export interface XmlLimits {
  /** Deepest element nesting accepted, the root being depth 1. */
  readonly depthMax: number;
  /** Most elements plus text nodes in one document. */
  readonly nodesMax: number;
  /** Most attributes on one element. */
  readonly attributesPerElementMax: number;
}

export const defaultXmlLimits: XmlLimits = { depthMax: 32, nodesMax: 100_000, attributesPerElementMax: 64 };

/** Element and attribute names that would be dangerous as JavaScript property keys. */
const unsafeNames: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

class ReadFailure {
  constructor(readonly kind: XmlErrorKind, readonly message: string, readonly offset: number) {}
}

interface OpenElement {
  readonly name: string;
  readonly inNamespace: boolean;
  readonly defaultNamespace: boolean;
  readonly attributes: XmlAttribute[];
  readonly children: XmlNode[];
  readonly start: number;
}

/** Reads one XML document. Never throws for any input string. */
export function readXml(input: string, limits: XmlLimits = defaultXmlLimits): XmlReadResult {
  const source = input.indexOf('\r') === -1 ? input : input.replace(/\r\n?/g, '\n');
  const reader = new Reader(source, limits);
  try {
    return { ok: true, document: { root: reader.readDocument(), source } };
  } catch (failure) {
    if (!(failure instanceof ReadFailure)) throw failure;
    return { ok: false, error: reader.describe(failure) };
  }
}

class Reader {
  private pos = 0;
  private nodes = 0;
  private readonly stack: OpenElement[] = [];

  constructor(private readonly source: string, private readonly limits: XmlLimits) {}

  readDocument(): XmlElement {
    const bad = invalidCharPattern.exec(this.source);
    if (bad) {
      // The match may start with the character before a lone low surrogate.
      const offset = bad[0].length > 1 && !/[\uD800-\uDFFF]/.test(bad[0][0] ?? '') ? bad.index + 1 : bad.index;
      this.fail(`Char 0x${(this.source.charCodeAt(offset) || 0).toString(16).toUpperCase()} out of allowed range`, offset);
    }
    if (this.source.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.source.startsWith('<?xml', this.pos) && this.isDeclarationEnd(this.pos + 5)) this.readDeclaration();
    this.readMisc(true);
    if (this.pos >= this.source.length) this.fail('Document is empty', this.pos);
    if (this.source.charCodeAt(this.pos) !== 0x3c) this.fail("Start tag expected, '<' not found", this.pos);
    const root = this.readElementTree();
    this.readMisc(false);
    if (this.pos < this.source.length) this.fail('Extra content at the end of the document', this.pos);
    return root;
  }

  describe(failure: ReadFailure): XmlReadError {
    const offset = Math.min(failure.offset, this.source.length);
    let line = 1;
    for (let i = this.source.indexOf('\n'); i !== -1 && i < offset; i = this.source.indexOf('\n', i + 1)) line += 1;
    const path = this.stack.length === 0 ? '/' : '/' + this.stack.map((e) => e.name).join('/');
    return { kind: failure.kind, message: failure.message, line, path, offset };
  }

  private fail(message: string, offset: number, kind: XmlErrorKind = 'malformed'): never {
    throw new ReadFailure(kind, message, offset);
  }

  private isDeclarationEnd(pos: number): boolean {
    const code = this.source.charCodeAt(pos);
    return isWhitespace(code) || code === 0x3f;
  }

  // XMLDecl: version must be 1.x; UTF-8, ASCII or ISO-8859-1 content. The reader works on
  // decoded text: the cookie's bytes are decoded as the declaration says before it runs
  // (decodeCookieInput), so it only checks that the name is one libxml2 knows without iconv.
  private readDeclaration(): void {
    const end = this.source.indexOf('?>', this.pos);
    if (end === -1) this.fail("parsing XML declaration: '?>' expected", this.pos);
    const body = this.source.slice(this.pos + 5, end);
    const pattern = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\3)?(\s+standalone\s*=\s*(["'])(yes|no)\6)?\s*$/;
    const match = pattern.exec(body);
    if (!match) this.fail('Malformed XML declaration', this.pos);
    const encoding = (match[4] ?? 'UTF-8').toUpperCase();
    if (!['UTF-8', 'UTF8', 'US-ASCII', 'ASCII', ...latin1Names].includes(encoding)) {
      this.fail(`Unsupported encoding ${match[4] ?? ''}`, this.pos);
    }
    this.pos = end + 2;
  }

  /** Whitespace, comments and processing instructions before or after the root element. */
  private readMisc(beforeRoot: boolean): void {
    for (;;) {
      while (this.pos < this.source.length && isWhitespace(this.source.charCodeAt(this.pos))) this.pos += 1;
      if (this.source.startsWith('<!--', this.pos)) this.readComment();
      else if (this.source.startsWith('<?', this.pos)) this.readProcessingInstruction();
      else if (this.source.startsWith('<!DOCTYPE', this.pos)) this.fail('DOCTYPE is not allowed in a migration cookie', this.pos, 'doctype');
      else if (!beforeRoot || !this.source.startsWith('<!', this.pos)) return;
      else this.fail('StartTag: invalid element name', this.pos);
    }
  }

  private readComment(): void {
    const end = this.source.indexOf('--', this.pos + 4);
    if (end === -1) this.fail('Comment not terminated', this.pos);
    if (this.source.charCodeAt(end + 2) !== 0x3e) this.fail('Double hyphen within comment', end);
    this.pos = end + 3;
  }

  private readProcessingInstruction(): void {
    const nameEnd = scanName(this.source, this.pos + 2);
    if (nameEnd === this.pos + 2) this.fail('xmlParsePI : no target name', this.pos);
    const target = this.source.slice(this.pos + 2, nameEnd);
    if (target.toLowerCase() === 'xml') this.fail('XML declaration allowed only at the start of the document', this.pos);
    const end = this.source.indexOf('?>', nameEnd);
    if (end === -1) this.fail('PI not terminated', this.pos);
    if (end !== nameEnd && !isWhitespace(this.source.charCodeAt(nameEnd))) this.fail('ParsePI: PI target space expected', nameEnd);
    this.pos = end + 2;
  }

  /** Reads the root element and everything inside it with an explicit stack. */
  private readElementTree(): XmlElement {
    const selfClosedRoot = this.readStartTag();
    if (selfClosedRoot) return selfClosedRoot;
    for (;;) {
      const lt = this.source.indexOf('<', this.pos);
      if (lt === -1) this.fail(`Premature end of data in tag ${this.top().name}`, this.source.length);
      if (lt > this.pos) this.addText(this.source.slice(this.pos, lt), this.pos);
      this.pos = lt;
      const next = this.source.charCodeAt(lt + 1);
      if (next === 0x2f) {
        const done = this.readEndTag();
        if (done) return done;
      } else if (next === 0x21) {
        this.readMarkupDeclaration();
      } else if (next === 0x3f) {
        this.readProcessingInstruction();
      } else {
        const element = this.readStartTag();
        if (element) this.top().children.push(element);
      }
    }
  }

  private top(): OpenElement {
    const open = this.stack[this.stack.length - 1];
    if (!open) this.fail('Start tag expected', this.pos);
    return open;
  }

  private countNode(offset: number): void {
    this.nodes += 1;
    if (this.nodes > this.limits.nodesMax) this.fail(`more than ${this.limits.nodesMax} nodes`, offset, 'too-many-nodes');
  }

  private addText(raw: string, offset: number): void {
    const gt = raw.indexOf(']]>');
    if (gt !== -1) this.fail("Sequence ']]>' not allowed in content", offset + gt);
    let value = raw;
    if (raw.indexOf('&') !== -1) {
      const decoded = decodeReferences(raw);
      if (!decoded.ok) this.fail(decoded.error.message, offset + decoded.error.offset);
      value = decoded.value;
    }
    this.appendText(value, offset);
  }

  private appendText(value: string, offset: number): void {
    const children = this.top().children;
    const last = children[children.length - 1];
    if (last !== undefined && last.kind === 'text') {
      (last as { value: string }).value += value;
      return;
    }
    this.countNode(offset);
    const text: XmlText = { kind: 'text', value };
    children.push(text);
  }

  private readMarkupDeclaration(): void {
    if (this.source.startsWith('<!--', this.pos)) return this.readComment();
    if (this.source.startsWith('<![CDATA[', this.pos)) {
      const end = this.source.indexOf(']]>', this.pos + 9);
      if (end === -1) this.fail('CData section not finished', this.pos);
      this.appendText(this.source.slice(this.pos + 9, end), this.pos);
      this.pos = end + 3;
      return;
    }
    if (this.source.startsWith('<!DOCTYPE', this.pos) || this.source.startsWith('<!ENTITY', this.pos)) {
      this.fail('DOCTYPE is not allowed in a migration cookie', this.pos, 'doctype');
    }
    this.fail('StartTag: invalid element name', this.pos);
  }

  private readEndTag(): XmlElement | null {
    const start = this.pos;
    const nameEnd = scanName(this.source, start + 2);
    const name = this.source.slice(start + 2, nameEnd);
    let pos = nameEnd;
    while (isWhitespace(this.source.charCodeAt(pos))) pos += 1;
    if (nameEnd === start + 2 || this.source.charCodeAt(pos) !== 0x3e) this.fail("expected '>'", pos);
    const open = this.top();
    if (name !== open.name) this.fail(`Opening and ending tag mismatch: ${open.name} and ${name}`, start);
    this.pos = pos + 1;
    this.stack.pop();
    const element = this.close(open, this.pos);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) return element;
    parent.children.push(element);
    return null;
  }

  private close(open: OpenElement, end: number): XmlElement {
    return {
      kind: 'element', name: open.name, inNamespace: open.inNamespace, attributes: open.attributes,
      children: open.children, start: open.start, end,
    };
  }

  /** Opens an element; returns it instead when it is self-closing (`<x/>`). */
  private readStartTag(): XmlElement | null {
    const start = this.pos;
    const nameEnd = scanName(this.source, start + 1);
    if (nameEnd === start + 1) this.fail('StartTag: invalid element name', start);
    const name = this.source.slice(start + 1, nameEnd);
    this.checkName(name, start);
    if (this.stack.length >= this.limits.depthMax) {
      this.fail(`element nesting deeper than ${this.limits.depthMax}`, start, 'too-deep');
    }
    this.countNode(start);
    this.pos = nameEnd;
    const parentDefault = this.stack[this.stack.length - 1]?.defaultNamespace ?? false;
    const { attributes, defaultNamespace, selfClosing } = this.readAttributes(name, parentDefault);
    const open: OpenElement = {
      name, inNamespace: name.includes(':') || defaultNamespace, defaultNamespace, attributes,
      children: [], start,
    };
    if (selfClosing) return this.close(open, this.pos);
    this.stack.push(open);
    return null;
  }

  private checkName(name: string, offset: number): void {
    const local = name.indexOf(':') < 0 ? name : name.slice(name.lastIndexOf(':') + 1);
    if (unsafeNames.has(local)) this.fail(`unsafe name '${name}'`, offset, 'unsafe-name');
  }

  private readAttributes(element: string, parentDefault: boolean):
    { attributes: XmlAttribute[]; defaultNamespace: boolean; selfClosing: boolean } {
    const attributes: XmlAttribute[] = [];
    // Names seen on this element, xmlns ones included; a short array beats a Set at cookie sizes.
    const seen: string[] = [];
    let defaultNamespace = parentDefault;
    for (;;) {
      const hadSpace = this.skipWhitespace();
      const code = this.source.charCodeAt(this.pos);
      if (code === 0x3e) {
        this.pos += 1;
        return { attributes, defaultNamespace, selfClosing: false };
      }
      if (code === 0x2f) {
        if (this.source.charCodeAt(this.pos + 1) !== 0x3e) this.fail("Couldn't find end of Start Tag " + element, this.pos);
        this.pos += 2;
        return { attributes, defaultNamespace, selfClosing: true };
      }
      if (Number.isNaN(code)) this.fail(`Couldn't find end of Start Tag ${element}`, this.pos);
      if (!hadSpace) this.fail('attributes construct error', this.pos);
      const { name, value } = this.readAttribute();
      if (seen.includes(name)) this.fail(`Attribute ${name} redefined`, this.pos);
      seen.push(name);
      if (name === 'xmlns') defaultNamespace = value !== '';
      else if (!name.startsWith('xmlns:')) attributes.push({ name, value, prefixed: name.includes(':') });
      if (seen.length > this.limits.attributesPerElementMax) {
        this.fail(`more than ${this.limits.attributesPerElementMax} attributes on ${element}`, this.pos, 'too-many-nodes');
      }
    }
  }

  private skipWhitespace(): boolean {
    const from = this.pos;
    while (isWhitespace(this.source.charCodeAt(this.pos))) this.pos += 1;
    return this.pos > from;
  }

  private readAttribute(): { name: string; value: string } {
    const nameEnd = scanName(this.source, this.pos);
    if (nameEnd === this.pos) this.fail('error parsing attribute name', this.pos);
    const name = this.source.slice(this.pos, nameEnd);
    this.checkName(name, this.pos);
    this.pos = nameEnd;
    this.skipWhitespace();
    if (this.source.charCodeAt(this.pos) !== 0x3d) this.fail(`Specification mandates value for attribute ${name}`, this.pos);
    this.pos += 1;
    this.skipWhitespace();
    const quote = this.source.charCodeAt(this.pos);
    if (quote !== 0x22 && quote !== 0x27) this.fail('AttValue: " or \' expected', this.pos);
    const end = this.source.indexOf(String.fromCharCode(quote), this.pos + 1);
    if (end === -1) this.fail('AttValue: \' expected', this.pos);
    const raw = this.source.slice(this.pos + 1, end);
    const lt = raw.indexOf('<');
    if (lt !== -1) this.fail("Unescaped '<' not allowed in attributes values", this.pos + 1 + lt);
    const value = this.normaliseAttribute(raw, this.pos + 1);
    this.pos = end + 1;
    return { name, value };
  }

  // XML 1.0 §3.3.3: literal tab and newline become spaces; characters that come from
  // references are kept as they are, so normalise before decoding.
  private normaliseAttribute(raw: string, offset: number): string {
    const spaced = /[\t\n]/.test(raw) ? raw.replace(/[\t\n]/g, ' ') : raw;
    if (spaced.indexOf('&') === -1) return spaced;
    const decoded = decodeReferences(spaced);
    if (!decoded.ok) this.fail(decoded.error.message, offset + decoded.error.offset);
    return decoded.value;
  }
}
