// The shape of one row of the project-wide error table (docs/errors.md). Each layer (cookie
// codec, handshake outcomes, NBD codec, ...) exports its own catalogue of these rows; the docs
// test checks that the table lists every code of every catalogue.

export interface ErrorCatalogEntry {
  readonly code: string;
  /** Who raises it: libvirt's behaviour, both cookie policies, the strict policy only, the simulator, or the NBD layer. */
  readonly raisedBy: 'libvirt' | 'both' | 'strict' | 'simulator' | 'nbd' | 'qemu';
  /** Message template; `%s` marks a value filled in at run time. */
  readonly message: string;
  /** The libvirt/QEMU/NBD-spec function or section the behaviour comes from. */
  readonly source: string;
}
