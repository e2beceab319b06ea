// Known findings: things the oracles object to that real libvirt does, each with the reason and
// the libvirt function responsible. Under the `libvirt` policy a run that shows one keeps
// libvirt's behaviour and counts it here, apart from new failures (like an expected-failure
// list); the campaign re-runs such a case under `strict` to show the fix.

export interface KnownFinding {
  readonly oracle: string;
  readonly message: string;
  /** What it is about (`target:nbd-server`, `prepare:cookie`...): a plug-in shows "the same" finding only on the same resource. */
  readonly resource?: string;
  readonly explanation: string;
  readonly source: string;
  /** Set once the same case was re-run under the strict policy. */
  readonly fixedByStrict?: boolean;
}

/** Why libvirt accepts a cookie the strict grammar refuses, by the strict error code. */
export const acceptedInvalidExplanations: Readonly<Record<string, { explanation: string; source: string }>> = {
  'duplicate-element': {
    explanation: 'XPath string() takes the first node in document order: the first port attribute wins across duplicate <nbd>, and ./nbd/disk merges the disks of all of them',
    source: 'qemuMigrationCookieNBDXMLParse',
  },
  'unknown-element': { explanation: 'the parser evaluates fixed XPaths only, so unknown elements are ignored', source: 'qemuMigrationCookieXMLParse' },
  'unexpected-root': { explanation: 'the cookie is parsed without an expected root element name', source: 'virXMLParseStringCtxt("(qemu_migration_cookie)")' },
  'nbd-port-out-of-range': {
    explanation: 'the port is read with virStrToLong_i and never range-checked; the source formats it with %u for QEMU, which keeps 16 bits',
    source: 'qemuMigrationCookieNBDXMLParse / qemuMigrationSrcNBDStorageCopy',
  },
  'negative-disk-capacity': { explanation: 'virStrToLong_ull wraps negative numbers around (-1 is 18446744073709551615)', source: 'qemuMigrationCookieNBDXMLParse' },
  'malformed-nbd-port': { explanation: "virXPathString returns NULL for an empty string, so port='' means no port", source: 'virXPathString' },
  // Strict refuses an embedded NUL as xml-malformed; that is the only xml-malformed libvirt accepts,
  // since both policies share the XML reader.
  'xml-malformed': {
    explanation: 'the cookie reaches libxml2 as a C string: an embedded NUL ends it early and what follows is never seen (only the last byte is checked)',
    source: 'qemuMigrationCookieParse',
  },
};

export const invariantExplanations: Readonly<Record<string, { explanation: string; source: string }>> = {
  'nbd-server-left-running': {
    explanation: 'the destination stops its NBD server only when the Perform cookie carries <nbd>, and not at all before 1.2.11; a writable export of the guest disk stays open',
    source: 'qemuMigrationDstStopNBDServer',
  },
  'disks-differ': { explanation: '7.3.0–7.5.x test --copy-storage-inc against the wrong flag and copy nothing', source: 'qemuMigrationSrcRun (da69f4b208, fixed f58349c9c6)' },
  'unbounded-wait': { explanation: 'blockdev-add of the NBD client has no timeout; a peer that accepts and stays silent blocks Perform', source: 'qemuMigrationSrcNBDStorageCopyBlockdev' },
  'domain-not-on-one-side': {
    explanation: 'without the Finish reply the client calls Confirm with cancelled=1 and the source resumes the guest, though the destination already runs it',
    source: 'virDomainMigrateVersion3Full / qemuMigrationSrcConfirmPhase',
  },
  'source-left-paused': {
    explanation: "Confirm refuses the Finish cookie before it stops the source QEMU and the client only warns \"Guest probably left in 'paused' state on source\": the migration completes and the paused source QEMU stays (read from the sources; the p2p path, observed, resumes it instead)",
    source: 'qemuMigrationSrcConfirmPhase / virDomainMigrateVersion3Full',
  },
};

/** The other way libvirt runs a guest on both hosts: a Finish cookie the source's Confirm refuses. */
export const refusedFinishCookieExplanation = {
  explanation: "Confirm refuses the Finish cookie before it stops the source QEMU, the p2p source daemon only warns \"Guest probably left in 'paused' state\", reports success and ends its job by resuming the paused guest, which the destination already runs (observed on libvirt 9.0)",
  source: 'qemuMigrationSrcConfirmPhase / qemuMigrationSrcPerformPeer2Peer3 / qemuMigrationSrcRestoreDomainState',
};

export const unescapedOutputExplanation = {
  explanation: 'lockstate driver and leases, graphics listen, and blockDirtyBitmaps targets, names and aliases are printed with a plain %s, not escaped, so a value with XML specials does not survive a re-format',
  source: 'qemuMigrationCookieXMLFormat',
};
