// Every error code migsim can report, from every layer, for the one table in docs/errors.md.
import type { ErrorCatalogEntry } from './catalog.js';
import { cookieErrorCatalog } from './cookie/errors.js';

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
];
