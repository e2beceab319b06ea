// Every error code migsim can report, from every layer, for the one table in docs/errors.md.
// It sits outside src/model because it gathers the I/O layer's catalogues too.
import type { ErrorCatalogEntry } from '../model/catalog.js';
import { cliErrorCatalog } from './cli.js';
import { cookieErrorCatalog } from '../model/cookie/errors.js';
import { outcomeErrorCatalog } from '../model/migration/errors.js';
import { findingCatalog } from '../model/migration/findings.js';
import { nbdErrorCatalog } from '../model/nbd/errors.js';
import { peerErrorCatalog } from '../io/peers/errors.js';
import { qmpErrorCatalog } from '../io/qmp/errors.js';
import { realErrorCatalog } from '../real/errors.js';

export interface CatalogSection {
  readonly title: string;
  readonly description: string;
  readonly entries: readonly ErrorCatalogEntry[];
}

/**
 * A program missing is one fact whoever looks for it, the peers of validate-stream or the real
 * harness: one row, with both sources, so that a code keeps one meaning across the table.
 */
const peerEntries: readonly ErrorCatalogEntry[] = peerErrorCatalog.map((entry) => {
  const real = realErrorCatalog.find((r) => r.code === entry.code);
  return real === undefined ? entry : { ...entry, source: `${entry.source}; ${real.source} (migsim real)` };
});
const realEntries = realErrorCatalog.filter((entry) => !peerErrorCatalog.some((peer) => peer.code === entry.code));

export const errorCatalogSections: readonly CatalogSection[] = [
  {
    title: 'Cookie codec',
    description: 'Returned by `parseCookie` (and `migsim cookie check`) as `{ code, message, path }`. Messages in the libvirt rows are libvirt\'s own texts.',
    entries: cookieErrorCatalog,
  },
  {
    title: 'Handshake outcomes',
    description: 'The `error.code` of a failed migration (`migsim simulate --json`, `migsim matrix --json`, `migsim replay --json`), with the phase in `error.phase`. A phase that refuses a cookie reports the cookie codec\'s code.',
    entries: outcomeErrorCatalog,
  },
  {
    title: 'Findings (broken invariants)',
    description: 'Reported in `findings` when a run breaks an invariant. Under the `libvirt` policy some come from real libvirt behaviour; under `strict` none should appear.',
    entries: findingCatalog.map(({ code, raisedBy, message, source, explanation }) => ({ code, raisedBy, message: `${message}. ${explanation}`, source })),
  },
  {
    title: 'NBD codec, client and server',
    description: 'Returned as `{ code, message }` by the pure NBD codec (`src/model/nbd`) and by migsim\'s NBD client and server (`src/io/nbd`) for malformed peer input or refused requests.',
    entries: nbdErrorCatalog,
  },
  {
    title: 'Real peers and QMP',
    description: 'Failures of the real programs migsim starts for validation (nbdkit, qemu-nbd, nbdinfo, nbdcopy, QEMU) and of its QMP client. `migsim validate-stream` exits 2 for `program-missing`, as does `migsim real` (for libvirtd, virsh, QEMU and the tools it runs).',
    entries: [...peerEntries, ...qmpErrorCatalog],
  },
  {
    title: 'Real libvirt harness',
    description: 'Failures of the `migsim real` harness itself (`src/real`): set-up, tear-down, a run it could not drive, a scenario, record or case file it cannot use. One line on standard error, `migsim real: MESSAGE`, exit code 2; with `--json` also `{ ok: false, error: { code, message } }` on standard output. A migration that libvirt refuses is not one of these: it is the run\'s recorded outcome (exit 1), with the codes of "Handshake outcomes". A missing program is `program-missing` above.',
    entries: realEntries,
  },
  {
    title: 'Command line',
    description: 'A usage or I/O problem of the `migsim` command: one line on standard error, `migsim COMMAND: --flag: ...`, and exit code 2 (docs/cli.md). Peer and user input never end in a stack trace.',
    entries: cliErrorCatalog,
  },
];
