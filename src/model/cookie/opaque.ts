// Elements libvirt hands to another parser (`<domain>`, `<cpu>`) are carried as text. libvirt
// re-formats them with its buffer indentation, so we store them with the first line's
// indentation removed from every line and add the current indentation back when formatting.
import type { XmlElement } from '../xml/tree.js';
import type { OpaqueXml } from './types.js';

function columnOf(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

export function opaqueFromElement(source: string, element: XmlElement): OpaqueXml {
  const text = source.slice(element.start, element.end);
  const column = columnOf(source, element.start);
  if (column === 0 || text.indexOf('\n') === -1) return { xml: text };
  const prefix = ' '.repeat(column);
  const lines = text.split('\n').map((line, i) => (i > 0 && line.startsWith(prefix) ? line.slice(column) : line));
  return { xml: lines.join('\n') };
}

/** The opaque element's lines, each prefixed with `indent` (what `virBufferAdjustIndent` does). */
export function indentOpaque(opaque: OpaqueXml, indent: string): string {
  return opaque.xml.split('\n').map((line) => (line === '' ? line : indent + line)).join('\n') + '\n';
}
