// Two cookies compared element by element: the children of each element aligned by name (and
// by the attribute that identifies a sibling: a feature's or capability's name, a disk's
// target), so that one missing element is one difference; then per element the attributes
// (presence and order) and values, and text. Values a mask rule names are not compared, and
// the rule is counted. A subtree a deviation declares opaque is compared only as far as it says.
import { readXml } from '../../model/xml/reader.js';
import type { XmlElement } from '../../model/xml/tree.js';
import { maskFor } from './masks.js';

export type CookieDifferenceKind =
  | 'unreadable' | 'missing-element' | 'extra-element' | 'element-order' | 'missing-attribute' | 'extra-attribute'
  | 'attribute-order' | 'attribute-value' | 'text';

export interface CookieDifference {
  readonly kind: CookieDifferenceKind;
  /** XPath-like location, e.g. `/qemu-migration/capabilities/cap[@name='events']`. */
  readonly path: string;
  readonly real: string | null;
  readonly simulated: string | null;
}

export interface CookieComparison {
  readonly differences: readonly CookieDifference[];
  /** How many values each mask rule kept out of the comparison. */
  readonly masked: Readonly<Record<string, number>>;
}

/** A subtree compared only in part: which child paths (relative element-name lists) still count. */
export interface OpaqueSubtree {
  /** The deliberate deviation that makes it opaque (deviations.ts). */
  readonly deviation: string;
  readonly path: readonly string[];
  readonly compared: readonly (readonly string[])[];
}

/** Elements whose siblings share a name and are told apart by an attribute. */
const identifyingAttribute: Readonly<Record<string, string>> = { feature: 'name', cap: 'name', disk: 'target' };

/** Bounds on what a comparison walks (a cookie is a few KiB; a mutated one may be deep). */
const elementsMax = 10_000;
const alignChildrenMax = 2_000;

function elementChildren(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element');
}

function textOf(element: XmlElement): string {
  return element.children.filter((c) => c.kind === 'text').map((c) => (c.kind === 'text' ? c.value : '')).join('').trim();
}

function signature(element: XmlElement, path: readonly string[]): string {
  const key = identifyingAttribute[element.name];
  const value = key === undefined ? undefined : element.attributes.find((a) => a.name === key)?.value;
  if (key === undefined || value === undefined || maskFor([...path, element.name], key) !== null) return element.name;
  return `${element.name}[@${key}='${value}']`;
}

/** Longest common subsequence of two signature lists, as index pairs (bounded: cookies have tens of children). */
function align(a: readonly string[], b: readonly string[]): [number, number][] {
  const rows = Math.min(a.length, alignChildrenMax);
  const cols = Math.min(b.length, alignChildrenMax);
  const table: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = cols - 1; j >= 0; j -= 1) {
      const row = table[i] as number[];
      row[j] = a[i] === b[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) i += 1;
    else j += 1;
  }
  return pairs;
}

class Comparer {
  readonly differences: CookieDifference[] = [];
  readonly masked: Record<string, number> = {};
  private visited = 0;

  constructor(private readonly opaque: readonly OpaqueSubtree[]) {}

  private add(kind: CookieDifferenceKind, path: string, real: string | null, simulated: string | null): void {
    this.differences.push({ kind, path, real, simulated });
  }

  private mask(path: readonly string[], attribute: string | null): boolean {
    const rule = maskFor(path, attribute);
    if (rule !== null) this.masked[rule.name] = (this.masked[rule.name] ?? 0) + 1;
    return rule !== null;
  }

  element(real: XmlElement, simulated: XmlElement, names: readonly string[], where: string): void {
    this.visited += 1;
    if (this.visited > elementsMax) return;
    const opaque = this.opaque.find((o) => o.path.join('/') === names.join('/'));
    this.attributes(real, simulated, names, where, opaque !== undefined);
    const realChildren = elementChildren(real);
    const simChildren = elementChildren(simulated);
    if (realChildren.length === 0 && simChildren.length === 0) {
      const [a, b] = [textOf(real), textOf(simulated)];
      if (a !== b && !this.mask(names, null)) this.add('text', where, a, b);
      return;
    }
    if (opaque) {
      this.opaqueChildren(real, simulated, names, where, opaque);
      return;
    }
    this.children(realChildren, simChildren, names, where);
  }

  /** Presence and order of the attributes, and their values unless masked (or the element is opaque). */
  private attributes(real: XmlElement, simulated: XmlElement, names: readonly string[], where: string, opaque: boolean): void {
    const realNames = real.attributes.map((a) => a.name);
    const simNames = simulated.attributes.map((a) => a.name);
    for (const attribute of real.attributes) {
      const other = simulated.attributes.find((a) => a.name === attribute.name);
      if (!other) this.add('missing-attribute', `${where}/@${attribute.name}`, attribute.value, null);
      else if (other.value !== attribute.value && !opaque && !this.mask(names, attribute.name)) this.add('attribute-value', `${where}/@${attribute.name}`, attribute.value, other.value);
    }
    for (const attribute of simulated.attributes) {
      if (!realNames.includes(attribute.name)) this.add('extra-attribute', `${where}/@${attribute.name}`, null, attribute.value);
    }
    const common = (list: readonly string[], other: readonly string[]): string[] => list.filter((n) => other.includes(n));
    if (common(realNames, simNames).join(',') !== common(simNames, realNames).join(',')) {
      this.add('attribute-order', where, realNames.join(' '), simNames.join(' '));
    }
  }

  private children(real: readonly XmlElement[], simulated: readonly XmlElement[], names: readonly string[], where: string): void {
    const realKeys = real.map((e) => signature(e, names));
    const simKeys = simulated.map((e) => signature(e, names));
    const pairs = align(realKeys, simKeys);
    const matchedReal = new Set(pairs.map(([i]) => i));
    const matchedSim = new Set(pairs.map(([, j]) => j));
    const unmatchedSim = simKeys.map((key, j) => ({ key, j })).filter(({ j }) => !matchedSim.has(j));
    for (const [i, key] of realKeys.entries()) {
      if (matchedReal.has(i)) continue;
      const moved = unmatchedSim.findIndex((s) => s.key === key);
      if (moved >= 0) {
        const [{ j }] = unmatchedSim.splice(moved, 1) as [{ key: string; j: number }];
        this.add('element-order', `${where}/${key}`, `position ${i + 1}`, `position ${j + 1}`);
        const [a, b] = [real[i], simulated[j]];
        if (a && b) this.element(a, b, [...names, a.name], `${where}/${key}`);
      } else this.add('missing-element', `${where}/${key}`, `position ${i + 1}`, null);
    }
    for (const { key, j } of unmatchedSim) this.add('extra-element', `${where}/${key}`, null, `position ${j + 1}`);
    for (const [i, j] of pairs) {
      const [a, b] = [real[i], simulated[j]];
      if (a && b) this.element(a, b, [...names, a.name], `${where}/${realKeys[i] ?? a.name}`);
    }
  }

  /** Only the listed descendants of an opaque subtree: their presence and text. */
  private opaqueChildren(real: XmlElement, simulated: XmlElement, names: readonly string[], where: string, opaque: OpaqueSubtree): void {
    for (const relative of opaque.compared) {
      const a = descendants(real, relative).map((e) => textOf(e) || e.attributes.map((x) => `${x.name}=${x.value}`).join(' '));
      const b = descendants(simulated, relative).map((e) => textOf(e) || e.attributes.map((x) => `${x.name}=${x.value}`).join(' '));
      if (a.join('\n') !== b.join('\n')) this.add('text', `${where}/${relative.join('/')}`, a.join('; '), b.join('; '));
    }
    const key = `deviation:${opaque.deviation}`;
    this.masked[key] = (this.masked[key] ?? 0) + 1;
  }
}

function descendants(element: XmlElement, relative: readonly string[]): XmlElement[] {
  let level = [element];
  for (const name of relative) level = level.flatMap((e) => elementChildren(e).filter((c) => c.name === name));
  return level;
}

export function compareCookies(real: string, simulated: string, opaque: readonly OpaqueSubtree[] = []): CookieComparison {
  const [a, b] = [readXml(real), readXml(simulated)];
  if (!a.ok || !b.ok) {
    const differences: CookieDifference[] = a.ok === b.ok && real === simulated ? []
      : [{ kind: 'unreadable', path: '/', real: a.ok ? 'well-formed' : a.error.message, simulated: b.ok ? 'well-formed' : b.error.message }];
    return { differences, masked: {} };
  }
  const comparer = new Comparer(opaque);
  const root = a.document.root;
  if (root.name !== b.document.root.name) {
    return { differences: [{ kind: 'text', path: '/', real: root.name, simulated: b.document.root.name }], masked: {} };
  }
  comparer.element(root, b.document.root, [root.name], `/${root.name}`);
  return { differences: comparer.differences, masked: comparer.masked };
}
