// Paths to the corpora the tests read, all inside the repository: the project's own cookies
// (corpus/cookies) and libvirt's migration-cookie test data vendored unchanged into corpus/libvirt
// (provenance and licence in corpus/libvirt/README.md).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const libvirtCorpus = resolve(projectRoot, 'corpus/libvirt');

export function readProjectFile(path: string): string {
  return readFileSync(join(projectRoot, path), 'utf8');
}

export function readLibvirtCorpus(path: string): string {
  return readFileSync(join(libvirtCorpus, path), 'utf8');
}
