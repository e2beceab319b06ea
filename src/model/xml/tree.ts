// The document tree our XML reader produces. It holds exactly what libvirt's XPath lookups can
// see (elements, attributes, text) plus source offsets, so that an opaque subtree such as
// `<domain>` can be carried byte for byte. Names from the input are never used as object keys,
// so nothing a peer sends can reach an object prototype.

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
  /** A prefixed attribute (`a:port`) is in a namespace and never matches an unprefixed `@port`. */
  readonly prefixed: boolean;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  /**
   * True when the element has a prefix or sits under a non-empty default namespace. libvirt's
   * XPath expressions use unprefixed names, which only match elements in no namespace.
   */
  readonly inNamespace: boolean;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  /** Offset of the `<` that opens the element in the (line-end normalised) source. */
  readonly start: number;
  /** Offset just past the `>` that closes the element. */
  readonly end: number;
}

export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlDocument {
  readonly root: XmlElement;
  /** The source after XML line-end normalisation; element offsets point into it. */
  readonly source: string;
}
