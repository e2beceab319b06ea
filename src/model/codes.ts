// Every error code migsim can report, from every layer, for the one table in docs/errors.md.
import type { ErrorCatalogEntry } from './catalog.js';
import { cookieErrorCatalog } from './cookie/errors.js';
import { outcomeErrorCatalog } from './migration/errors.js';
import { findingCatalog } from './migration/findings.js';

export interface CatalogSection {
  readonly title: string;
  readonly description: string;
  readonly entries: readonly ErrorCatalogEntry[];
}

export const errorCatalogSections: readonly CatalogSection[] = [
  {
    title: 'Cookie codec',
    description: 'Returned by `parseCookie` (and `migsim cookie check`) as `{ code, message, path }`. Messages in the libvirt rows are libvirt\'s own texts.',
    entries: cookieErrorCatalog,
  },
  {
    title: 'Handshake outcomes',
    description: 'The `error.code` of a failed migration (`migsim simulate --json`, the matrix\'s `errorCode`), with the phase in `error.phase`. A phase that refuses a cookie reports the cookie codec\'s code.',
    entries: outcomeErrorCatalog,
  },
  {
    title: 'Findings (broken invariants)',
    description: 'Reported in `findings` when a run breaks an invariant. Under the `libvirt` policy some come from real libvirt behaviour; under `strict` none should appear.',
    entries: findingCatalog.map(({ code, raisedBy, message, source, explanation }) => ({ code, raisedBy, message: `${message}. ${explanation}`, source })),
  },
];
