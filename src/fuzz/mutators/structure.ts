// Structure-aware mutations of a well-formed cookie: duplicate, remove, rename and reorder
// elements, set attributes and text to the values that hit libvirt's number and UUID parsers
// at their edges, add unknown elements and features, rename the root, nest deeply, and put
// DTDs, entities or a second root around the document. Edits pick their target by fractions, so
// a failing list of edits shrinks to a short, readable one.
import fc from 'fast-check';
import { readXml } from '../../model/xml/reader.js';
import type { XmlElement } from '../../model/xml/tree.js';

export interface MutableElement {
  name: string;
  attributes: [string, string][];
  children: MutableNode[];
}

export type MutableNode = MutableElement | { text: string };

type Target = readonly number[];

export type StructureEdit =
  | { readonly kind: 'duplicate'; readonly target: Target }
  | { readonly kind: 'remove'; readonly target: Target }
  | { readonly kind: 'rename'; readonly target: Target; readonly name: string }
  | { readonly kind: 'swap'; readonly target: Target; readonly other: number }
  | { readonly kind: 'set-attribute'; readonly target: Target; readonly name: string; readonly value: string }
  | { readonly kind: 'remove-attributes'; readonly target: Target }
  | { readonly kind: 'set-text'; readonly target: Target; readonly text: string }
  | { readonly kind: 'insert'; readonly target: Target; readonly element: MutableElement }
  | { readonly kind: 'rename-root'; readonly name: string }
  | { readonly kind: 'nest'; readonly target: Target; readonly depth: number }
  | { readonly kind: 'wrap-document'; readonly before: string; readonly after: string }
  /**
   * A dictionary edit (as AFL dictionaries name a format's pressure points): the first element
   * with this name, duplicated right after itself with one attribute of the copy changed —
   * a second `<nbd>` with another port, a second `<name>`, a disk listed twice.
   */
  | { readonly kind: 'twin'; readonly name: string; readonly attribute: string; readonly value: string };

export const interestingAttributeValues: readonly string[] = [
  '-5', '70000', '0', '', ' 5', '+5', '0x10', '12a', '80 ', '2147483647', '2147483648', '-2147483649', '-1', '-0',
  '18446744073709551615', '18446744073709551616', 'abc', '__proto__', 'vda', 'vdz', 'yes', 'spice', 'é', '9'.repeat(400),
  "it's", '<evil/>', '49154',
];

const attributeNames = ['port', 'capacity', 'target', 'name', 'type', 'driver', 'vporttype', 'auto', 'value', 'tlsPort', 'listen', 'alias'];

const interestingTexts: readonly string[] = [
  '', ' ', 'other-guest', 'C7A5FDBD-EDAF-9455-926A-D65C16DB1809', 'c7a5fdbdedaf9455926ad65c16db1809', 'not-a-uuid',
  // A long value; kept to a few KiB because duplicated elements multiply it (test/model/cookie/
  // robustness.test.ts covers the multi-megabyte inputs on their own).
  '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60', '<&>', 'x'.repeat(4096),
];

const elementNames = ['nbd', 'disk', 'name', 'uuid', 'hostname', 'hostuuid', 'feature', 'graphics', 'lockstate', 'domain',
  'network', 'statistics', 'cpu', 'capabilities', 'cap', 'blockDirtyBitmaps', 'teleport', 'x:nbd', '__proto__', 'constructor'];

const insertableElements: readonly MutableElement[] = [
  { name: 'nbd', attributes: [['port', '49153']], children: [] },
  { name: 'nbd', attributes: [['port', '49154']], children: [] },
  { name: 'nbd', attributes: [], children: [] },
  { name: 'nbd', attributes: [], children: [{ name: 'disk', attributes: [['target', 'vdb'], ['capacity', '1']], children: [] }] },
  { name: 'feature', attributes: [['name', 'nbd']], children: [] },
  { name: 'feature', attributes: [['name', 'persistent']], children: [] },
  { name: 'feature', attributes: [['name', 'teleport']], children: [] },
  { name: 'feature', attributes: [['name', 'allowReboot']], children: [] },
  { name: 'feature', attributes: [], children: [] },
  { name: 'teleport', attributes: [], children: [{ text: 'now' }] },
  { name: 'name', attributes: [], children: [{ text: 'other-guest' }] },
  { name: 'hostuuid', attributes: [], children: [{ text: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60' }] },
  { name: 'domain', attributes: [['type', 'kvm']], children: [] },
  { name: 'graphics', attributes: [['type', 'spice'], ['port', '5900']], children: [] },
  { name: '__proto__', attributes: [['polluted', 'yes']], children: [] },
];

const wrappers: readonly { before: string; after: string }[] = [
  { before: '<!DOCTYPE qemu-migration>\n', after: '' },
  { before: '<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n', after: '' },
  { before: '<?xml version="1.0" encoding="UTF-8"?>\n', after: '' },
  { before: '<?xml version="1.0" encoding="ISO-8859-1"?>\n', after: '' },
  { before: '\ufeff', after: '' },
  { before: '<!-- comment -->', after: '<!-- trailing -->' },
  { before: '', after: '<qemu-migration/>' },
  { before: '', after: 'junk' },
  { before: '<?pi data?>', after: '' },
];

const target = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 3 });

/**
 * Elements whose duplicates libvirt reads in a way worth testing (the first port attribute wins,
 * disk lists merge, every <feature> is checked), with the values that tell readers apart.
 */
const twins: readonly { readonly name: string; readonly attribute: string; readonly values: readonly string[] }[] = [
  { name: 'nbd', attribute: 'port', values: ['49154', '49152', '0', '-5', '70000', '', 'abc'] },
  { name: 'nbd', attribute: 'port', values: ['49154', '1', '65535', '65536'] },
  { name: 'disk', attribute: 'target', values: ['vdz', 'vdb', ''] },
  { name: 'disk', attribute: 'capacity', values: ['-1', '0', 'abc', '1'] },
  { name: 'feature', attribute: 'name', values: ['teleport', 'persistent', 'nbd', 'allowReboot', 'cpu', ''] },
  { name: 'graphics', attribute: 'port', values: ['5901', '-1', 'x'] },
];
const twinArbitrary: fc.Arbitrary<StructureEdit> = fc.constantFrom(...twins).chain((twin) =>
  fc.constantFrom(...twin.values).map((value) => ({ kind: 'twin' as const, name: twin.name, attribute: twin.attribute, value })));

export const structureEditArbitrary: fc.Arbitrary<StructureEdit> = fc.oneof(
  { weight: 7, arbitrary: twinArbitrary },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), target }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), target, name: fc.constantFrom(...elementNames) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), target, other: fc.nat({ max: 1_000_000 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set-attribute' as const), target, name: fc.constantFrom(...attributeNames), value: fc.constantFrom(...interestingAttributeValues) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove-attributes' as const), target }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set-text' as const), target, text: fc.constantFrom(...interestingTexts) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), target: fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 2 }), element: fc.constantFrom(...insertableElements) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-root' as const), name: fc.constantFrom('qemu-migrationx', 'cookie', 'x:qemu-migration') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), target, depth: fc.constantFrom(2, 20, 40, 200) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap-document' as const) }).chain(() => fc.constantFrom(...wrappers).map((w) => ({ kind: 'wrap-document' as const, ...w }))) },
);

export const structureEditsArbitrary: fc.Arbitrary<readonly StructureEdit[]> = fc.array(structureEditArbitrary, { minLength: 1, maxLength: 4 });

export function toMutable(element: XmlElement): MutableElement {
  return {
    name: element.name,
    attributes: element.attributes.map((a) => [a.name, a.value]),
    children: element.children.map((child) => (child.kind === 'text' ? { text: child.value } : toMutable(child))),
  };
}

function clone(node: MutableElement): MutableElement {
  return {
    name: node.name,
    attributes: node.attributes.map(([k, val]) => [k, val]),
    children: node.children.map((c) => ('text' in c ? { text: c.text } : clone(c))),
  };
}

function elementChildren(element: MutableElement): MutableElement[] {
  return element.children.filter((c): c is MutableElement => !('text' in c));
}

/** Follows a target down the tree: each step picks a child element by fraction. */
function resolve(root: MutableElement, path: Target): { parent: MutableElement; element: MutableElement } | null {
  let parent: MutableElement | null = null;
  let element = root;
  for (const step of path) {
    const children = elementChildren(element);
    if (children.length === 0) break;
    const next = children[Math.min(children.length - 1, Math.floor((step / 1_000_001) * children.length))];
    if (next === undefined) break;
    parent = element;
    element = next;
  }
  return parent === null ? null : { parent, element };
}

function setAttribute(element: MutableElement, name: string, value: string): void {
  const existing = element.attributes.find(([k]) => k === name);
  if (existing) existing[1] = value;
  else element.attributes.push([name, value]);
}

/** Applies edits to a parsed document; returns the mutated XML text. */
export function applyStructureEdits(root: MutableElement, edits: readonly StructureEdit[]): string {
  const tree = clone(root);
  let before = '';
  let after = '';
  for (const edit of edits) {
    if (edit.kind === 'rename-root') tree.name = edit.name;
    else if (edit.kind === 'wrap-document') {
      before = edit.before + before;
      after += edit.after;
    } else if (edit.kind === 'insert') {
      const host = resolve(tree, edit.target)?.element ?? tree;
      host.children.push(clone(edit.element));
    } else if (edit.kind === 'twin') {
      twin(tree, edit);
    } else applyTargeted(tree, edit);
  }
  return before + serializeElement(tree, '') + after;
}

/** The first element named `name` (depth first, bounded by the tree) and its parent. */
function firstNamed(parent: MutableElement, name: string): { parent: MutableElement; element: MutableElement } | null {
  for (const child of elementChildren(parent)) {
    if (child.name === name) return { parent, element: child };
    const below = firstNamed(child, name);
    if (below) return below;
  }
  return null;
}

function twin(tree: MutableElement, edit: Extract<StructureEdit, { kind: 'twin' }>): void {
  const found = firstNamed(tree, edit.name);
  if (!found) return;
  const copy = clone(found.element);
  setAttribute(copy, edit.attribute, edit.value);
  found.parent.children.splice(found.parent.children.indexOf(found.element) + 1, 0, copy);
}

function applyTargeted(tree: MutableElement, edit: Exclude<StructureEdit, { kind: 'rename-root' | 'wrap-document' | 'insert' | 'twin' }>): void {
  const found = resolve(tree, edit.target);
  if (!found) return;
  const { parent, element } = found;
  const index = parent.children.indexOf(element);
  switch (edit.kind) {
    case 'duplicate': parent.children.splice(index + 1, 0, clone(element)); break;
    case 'remove': parent.children.splice(index, 1); break;
    case 'rename': element.name = edit.name; break;
    case 'set-attribute': setAttribute(element, edit.name, edit.value); break;
    case 'remove-attributes': element.attributes = []; break;
    case 'set-text': element.children = [{ text: edit.text }]; break;
    case 'swap': {
      const siblings = elementChildren(parent);
      const other = siblings[Math.min(siblings.length - 1, Math.floor((edit.other / 1_000_001) * siblings.length))];
      if (!other) return;
      const j = parent.children.indexOf(other);
      parent.children[index] = other;
      parent.children[j] = element;
      break;
    }
    case 'nest': {
      let inner: MutableElement = { name: 'x', attributes: [], children: element.children };
      for (let i = 1; i < edit.depth; i += 1) inner = { name: 'x', attributes: [], children: [inner] };
      element.children = [inner];
      break;
    }
  }
}

const textSpecials = /[&<>]/;
const attributeSpecials = /[&<>']/;

function escapeText(text: string): string {
  return textSpecials.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

function escapeAttribute(text: string): string {
  return attributeSpecials.test(text) ? escapeText(text).replace(/'/g, '&apos;') : text;
}

/** Writes a mutable tree as indented XML (iteratively: nested edits can be deep). */
export function serializeElement(root: MutableElement, indent: string): string {
  const out: string[] = [];
  const stack: ({ node: MutableNode; indent: string } | { close: string })[] = [{ node: root, indent }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    if ('close' in item) {
      out.push(item.close);
      continue;
    }
    const { node } = item;
    if ('text' in node) {
      out.push(escapeText(node.text));
      continue;
    }
    const attrs = node.attributes.map(([k, val]) => ` ${k}='${escapeAttribute(val)}'`).join('');
    if (node.children.length === 0) {
      out.push(`${item.indent}<${node.name}${attrs}/>\n`);
      continue;
    }
    const textOnly = node.children.every((c) => 'text' in c);
    out.push(`${item.indent}<${node.name}${attrs}>${textOnly ? '' : '\n'}`);
    stack.push({ close: `${textOnly ? '' : item.indent}</${node.name}>\n` });
    for (let i = node.children.length - 1; i >= 0; i -= 1) {
      const child = node.children[i];
      if (child !== undefined) stack.push({ node: child, indent: item.indent + '  ' });
    }
  }
  return out.join('');
}

/** Parses a cookie into a mutable tree, or null when it is not well-formed. */
export function mutableFromXml(xml: string): MutableElement | null {
  const read = readXml(xml, { depthMax: 64, nodesMax: 100_000, attributesPerElementMax: 256 });
  return read.ok ? toMutable(read.document.root) : null;
}
