// A plug-in imports migsim by name ('migsim', 'migsim/fuzz') from wherever it lives: a designer's
// own repository, a scratch folder, a CI checkout with no node_modules holding migsim. Those two
// names resolve to this very running copy of migsim, so that the plug-in runs against the same
// code as the campaign that loads it, and no copy of migsim has to be installed beside it. Both
// module systems are covered: ES imports through a resolve hook (node:module register), and
// require() for a .ts plug-in outside an ES module package, which tsx compiles to CommonJS.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Running from the TypeScript sources (tsx, vitest) rather than the compiled package: the names then mean .ts files. */
export const pluginImportsSource = import.meta.url.endsWith('.ts');
const extension = pluginImportsSource ? '.ts' : '.js';

/** The names a plug-in may import, and the entry files of this copy of migsim they mean. */
export const pluginImportNames: Readonly<Record<string, string>> = {
  migsim: new URL(`../index${extension}`, import.meta.url).href,
  'migsim/fuzz': new URL(`./index${extension}`, import.meta.url).href,
};

/** The ES resolve hook, as a module of its own (hooks run in a separate thread; a data: URL needs no file). */
const hookSource = `
let names = {};
export function initialize(data) { names = data.names; }
export async function resolve(specifier, context, next) {
  const url = names[specifier];
  return url === undefined ? next(specifier, context) : { url, shortCircuit: true };
}
`;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let installed = false;

/** Installs both resolvers, once per process (idempotent). */
export function resolveMigsimForPlugins(): void {
  if (installed) return;
  installed = true;
  register(`data:text/javascript,${encodeURIComponent(hookSource)}`, { data: { names: pluginImportNames } });
  const paths = new Map(Object.entries(pluginImportNames).map(([name, url]) => [name, fileURLToPath(url)]));
  const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = cjs._resolveFilename;
  cjs._resolveFilename = function resolveFilename(this: unknown, request, parent, isMain, options) {
    return paths.get(request) ?? original.call(this, request, parent, isMain, options);
  };
}
