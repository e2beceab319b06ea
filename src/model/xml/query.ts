// The handful of XPath 1.0 lookups libvirt's cookie parser makes, evaluated on our tree.
// Unprefixed names match only elements in no namespace; `string()` of a node-set is the string
// value of its first node in document order; the string value of an element is the
// concatenation of all its descendant text.
import type { XmlElement, XmlNode } from './tree.js';

/** `./name`: the child elements called `name`, in document order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of parent.children) {
    if (child.kind === 'element' && child.name === name && !child.inNamespace) found.push(child);
  }
  return found;
}

/** `./name[1]`. */
export function firstChild(parent: XmlElement, name: string): XmlElement | undefined {
  for (const child of parent.children) {
    if (child.kind === 'element' && child.name === name && !child.inNamespace) return child;
  }
  return undefined;
}

/** The value of the unprefixed attribute `name`, or undefined when absent (`xmlGetProp`). */
export function attribute(element: XmlElement, name: string): string | undefined {
  for (const attr of element.attributes) {
    if (attr.name === name && !attr.prefixed) return attr.value;
  }
  return undefined;
}

/** The XPath string value of a node. */
export function stringValue(node: XmlNode): string {
  if (node.kind === 'text') return node.value;
  let out = '';
  const pending: XmlNode[] = [node];
  // Depth-first, document order, without recursion.
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    if (next.kind === 'text') {
      out += next.value;
      continue;
    }
    for (let i = next.children.length - 1; i >= 0; i -= 1) {
      const child = next.children[i];
      if (child !== undefined) pending.push(child);
    }
  }
  return out;
}

/**
 * `virXPathString("string(./child/@attr)")`: the first such attribute in document order across
 * all `child` elements; like libvirt, an empty result is reported as absent (null).
 */
export function firstAttributeString(parent: XmlElement, child: string, attr: string): string | null {
  for (const element of childElements(parent, child)) {
    const value = attribute(element, attr);
    if (value !== undefined) return value === '' ? null : value;
  }
  return null;
}

/** `virXPathString("string(./child[1])")`: empty or missing is null. */
export function firstChildString(parent: XmlElement, child: string): string | null {
  const element = firstChild(parent, child);
  if (element === undefined) return null;
  const value = stringValue(element);
  return value === '' ? null : value;
}
