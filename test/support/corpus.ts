// Paths to the corpora the tests read: the project's own (corpus/) and libvirt's test data as
// copied unchanged into ../shared/corpus-libvirt.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const libvirtCorpus = resolve(projectRoot, '../shared/corpus-libvirt');

export function readProjectFile(path: string): string {
  return readFileSync(join(projectRoot, path), 'utf8');
}

export function readLibvirtCorpus(path: string): string {
  return readFileSync(join(libvirtCorpus, path), 'utf8');
}
