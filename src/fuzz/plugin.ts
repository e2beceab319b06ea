// Peer plug-ins: a protocol designer's own source or destination, run against the same world,
// oracles and renderers as libvirt's. A plug-in is an ES module (JavaScript, or TypeScript loaded
// through tsx, which is imported only for a `.ts` file) whose default export is a PeerPlugin. Each function receives libvirt's built-in
// peer and returns the peer to use, so a plug-in can replace one phase and keep the others.
//
//   import type { PeerPlugin } from 'migsim/fuzz';
//   const plugin: PeerPlugin = {
//     name: 'range-checked source',
//     source: (libvirt) => ({ ...libvirt, perform: (ctx, state, cookie) => ... }),
//   };
//   export default plugin;
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { libvirtSourcePeer, libvirtTargetPeer, type SourcePeer, type TargetPeer } from '../model/migration/peer.js';
import type { DesignerPolicy } from '../model/policy.js';
import type { PeerOverride } from './arbitraries/handshake-case.js';
import { pluginImportsSource, resolveMigsimForPlugins } from './plugin-resolve.js';

export interface PeerPlugin {
  readonly name: string;
  /** Replace or wrap the built-in source. */
  readonly source?: (libvirt: SourcePeer) => SourcePeer;
  /** Replace or wrap the built-in destination. */
  readonly target?: (libvirt: TargetPeer) => TargetPeer;
  /** Policy switches applied on top of every campaign policy. */
  readonly policy?: Partial<Omit<DesignerPolicy, 'name'>>;
  /**
   * Whether fault-free runs must still end where libvirt's decision table says. Leave true for a
   * peer that should behave like libvirt; set false for a deliberate protocol change.
   */
  readonly keepsLibvirtOutcomes?: boolean;
}

export interface AppliedPlugin {
  readonly peers: PeerOverride;
  readonly decisionTable: boolean;
  readonly adjust: (policy: DesignerPolicy) => DesignerPolicy;
}

export function applyPlugin(plugin: PeerPlugin | null): AppliedPlugin {
  if (!plugin) return { peers: {}, decisionTable: true, adjust: (p) => p };
  return {
    peers: { source: plugin.source?.(libvirtSourcePeer), target: plugin.target?.(libvirtTargetPeer) },
    decisionTable: plugin.keepsLibvirtOutcomes ?? true,
    adjust: (policy) => (plugin.policy ? { ...policy, ...plugin.policy, name: `${policy.name}+${plugin.name}` } : policy),
  };
}

function isPlugin(value: unknown): value is PeerPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['name'] === 'string' && ['source', 'target'].every((key) => record[key] === undefined || typeof record[key] === 'function');
}

const typeScriptExtension = /\.[cm]?tsx?$/;

/** Imports a module; TypeScript through tsx's loader, loaded only when it is needed. */
async function importModule(path: string): Promise<Record<string, unknown>> {
  resolveMigsimForPlugins();
  const url = pathToFileURL(resolve(path)).href;
  // From migsim's own TypeScript sources (npm run dev, the tests) 'migsim/fuzz' means a .ts file,
  // so even a JavaScript plug-in is loaded through tsx then.
  if (!typeScriptExtension.test(path) && !pluginImportsSource) return (await import(url)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/** Loads a plug-in module; its default export (or an export named `plugin`) must be a PeerPlugin. */
export async function loadPeerPlugin(path: string): Promise<PeerPlugin> {
  const module = await importModule(path);
  // A TypeScript file outside an ES module package is compiled as CommonJS: its exports then
  // arrive one level down, as the default export of the namespace.
  const inner = module['default'];
  const nested = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  const candidate = [inner, module['plugin'], nested['default'], nested['plugin']].find(isPlugin);
  if (!isPlugin(candidate)) throw new Error(`${path} does not export a PeerPlugin (default export with a name and source/target functions)`);
  return candidate;
}
