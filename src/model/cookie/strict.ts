// The structural rules of the `strict` policy, checked before any of libvirt's own checks:
// the root must be `<qemu-migration>`, every element must belong to the cookie grammar of some
// libvirt release, singletons appear at most once and repeated elements are unique by their key
// attribute. libvirt itself checks none of this (unknown elements are ignored and the first of
// several wins); a protocol designer would. `<domain>` and `<cpu>` are opaque here.
//
// Elements of later releases stay acceptable to an older parser: NBD negotiation itself depends
// on a pre-1.0.3 destination ignoring `<nbd>` (never a mandatory feature since 121d4cfb9a, and
// qemuMigrationCookieXMLParse ignores unknown elements), so refusing them would break every
// mixed-version pair. Only names no release ever wrote are unknown.
import { attribute } from '../xml/query.js';
import type { XmlElement } from '../xml/tree.js';
import type { CookieError } from './errors.js';
import type { CookieFlag } from './flags.js';
import { statisticsFields } from './statistics.js';

interface Rule {
  readonly name: string;
  /** Repeated elements are unique by this attribute; absent means a singleton. */
  readonly key?: string;
  readonly repeated?: boolean;
  readonly children?: readonly Rule[];
  /** Opaque elements are parsed by another libvirt parser and not checked here. */
  readonly opaque?: boolean;
  /** The feature flag that brought the element into the grammar. */
  readonly flag?: CookieFlag;
}

const leaf = (name: string, extra: Partial<Rule> = {}): Rule => ({ name, ...extra });

const rootRules: readonly Rule[] = [
  leaf('name'), leaf('uuid'), leaf('hostname'), leaf('hostuuid'),
  leaf('feature', { repeated: true, key: 'name' }),
  leaf('graphics', { flag: 'graphics', children: [leaf('cert')] }),
  leaf('lockstate', { flag: 'lockstate', children: [leaf('leases')] }),
  leaf('domain', { flag: 'persistent', opaque: true }),
  leaf('network', { flag: 'network', children: [leaf('interface', { repeated: true, children: [leaf('portdata')] })] }),
  leaf('nbd', { flag: 'nbd', children: [leaf('disk', { repeated: true, key: 'target' })] }),
  leaf('statistics', { flag: 'statistics', children: statisticsFields.map((field) => leaf(field.name)) }),
  leaf('cpu', { flag: 'cpu', opaque: true }),
  leaf('allowReboot', { flag: 'allowReboot' }),
  leaf('capabilities', { flag: 'capabilities', children: [leaf('cap', { repeated: true, key: 'name' })] }),
  leaf('blockDirtyBitmaps', {
    flag: 'block-dirty-bitmaps',
    children: [leaf('disk', { repeated: true, key: 'target', children: [leaf('bitmap', { repeated: true, key: 'name' })] })],
  }),
];

export const expectedRoot = 'qemu-migration';

/** Every structural problem of the document under the strict policy (empty when none). */
export function strictStructureErrors(root: XmlElement, nbdDuplicatesAllowed = false): CookieError[] {
  const errors: CookieError[] = [];
  const rootPath = `/${root.name}`;
  if (root.name !== expectedRoot || root.inNamespace) {
    errors.push({ code: 'unexpected-root', message: `root element is '${root.name}', expected '${expectedRoot}'`, path: rootPath });
  }
  const pending: { element: XmlElement; path: string; rules: readonly Rule[] }[] = [{ element: root, path: rootPath, rules: rootRules }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    checkChildren(next.element, next.path, next.rules, errors, pending);
  }
  // A designer may keep strict's other rules but read duplicate <nbd> another way (nbd.ts).
  return nbdDuplicatesAllowed ? errors.filter((e) => !(e.code === 'duplicate-element' && e.path === `${rootPath}/nbd`)) : errors;
}

function checkChildren(element: XmlElement, path: string, rules: readonly Rule[], errors: CookieError[],
  pending: { element: XmlElement; path: string; rules: readonly Rule[] }[]): void {
  const seen = new Set<string>();
  for (const child of element.children) {
    if (child.kind !== 'element') continue;
    const childPath = `${path}/${child.name}`;
    const rule = child.inNamespace ? undefined : rules.find((r) => r.name === child.name);
    if (rule === undefined) {
      errors.push({ code: 'unknown-element', message: `unknown element '${child.name}'`, path: childPath });
      continue;
    }
    const identity = rule.repeated ? (rule.key ? `${rule.name}\u0000${attribute(child, rule.key) ?? ''}` : null) : rule.name;
    if (identity !== null && seen.has(identity)) {
      const which = rule.key ? ` with ${rule.key} '${attribute(child, rule.key) ?? ''}'` : '';
      errors.push({ code: 'duplicate-element', message: `duplicate element '${child.name}'${which}`, path: childPath });
    }
    if (identity !== null) seen.add(identity);
    if (!rule.opaque) pending.push({ element: child, path: childPath, rules: rule.children ?? [] });
  }
}
