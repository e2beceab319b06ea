// Goal: the cookie glossary (src/model/cookie/glossary.ts) cannot drift from the codec. Every
// verdict it states for a missing, duplicated or malformed part is what parseCookie does under
// that policy in a phase that reads the part; the phases it derives as readers are exactly those
// whose parse refuses a broken part; its "since" is where the parser starts reading; every element
// and attribute the formatter can write has an entry (and every entry names one); every part the
// simulated phases write is claimed by that phase; and the function it names is the one the error
// catalogue names for each refusal. Method: a cookie with every section, formatted by libvirt's
// formatter, edited one part at a time, parsed by the real codec.
import { describe, expect, it } from 'vitest';
import { mutableFromXml, serializeElement, type MutableElement } from '../../../src/fuzz/mutators/structure.js';
import {
  allFlagsMask, cookieErrorCatalog, formatCookie, parseCookie, statisticsFields, type Cookie, type CookiePolicy, type ParsePhase,
} from '../../../src/model/cookie/index.js';
import {
  cookieGlossary, glossaryEntry, readBy, readingRelease, sinceOf, type GlossaryEntry, type Reactions, type Verdict,
} from '../../../src/model/cookie/glossary.js';
import { atLeast, formatVersion, v, type Version } from '../../../src/model/version.js';
import { parseSideSpec } from '../../../src/model/versions/profile.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';

const domain = { name: 'migsim-demo', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809' };
const receiverHostUuid = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60';

/** A cookie with every section filled in, as a sender with everything configured would write it. */
function fullCookie(features: readonly string[]): Cookie {
  const statistics = Object.fromEntries(statisticsFields.map((field, i) => [field.name, BigInt(i + 1)]));
  return {
    name: domain.name, uuid: domain.uuid, hostname: 'source.example.org', hostuuid: 'a6b1b0e4-5c1d-4f57-9c2e-5b0e7f6d2a11', features,
    graphics: { type: 'spice', port: 5900, listen: '0.0.0.0', tlsPort: 5901, tlsSubject: 'C=GB,O=migsim,CN=target' },
    lockstate: { driver: 'sanlock', leases: 'lease-state' },
    domain: { xml: "<domain type='kvm'>\n  <name>migsim-demo</name>\n</domain>" },
    network: { interfaces: [{ vporttype: 'openvswitch', portdata: 'port-data' }] },
    nbd: { port: 49153, disks: [{ target: 'vda', capacity: 10737418240n }] },
    statistics: statistics as Cookie['statistics'],
    cpu: { xml: "<cpu mode='custom' match='exact'>\n  <model>qemu64</model>\n</cpu>" },
    allowReboot: true,
    capabilities: { caps: [{ name: 'xbzrle', auto: false }, { name: 'postcopy-ram', auto: true }] },
    blockDirtyBitmaps: [{ target: 'vda', bitmaps: [{ name: 'b1', alias: 'a1' }] }],
  };
}

function baseXml(entry: GlossaryEntry, libvirt: Version = readingRelease(entry)): string {
  // A mandatory feature the reading phase requests, for the entries about <feature>.
  const features = entry.path.startsWith('feature') ? ['nbd'] : [];
  return formatCookie(fullCookie(features), allFlagsMask, { libvirt });
}

type Edit = { readonly kind: 'missing' | 'duplicated' } | { readonly kind: 'malformed'; readonly example: string };

const childElements = (parent: MutableElement, name: string): MutableElement[] =>
  parent.children.filter((c): c is MutableElement => !('text' in c) && c.name === name);

/** The parent of the part and the part's own name: `nbd/disk/@capacity` → the first <disk> of the first <nbd>, `@capacity`. */
function locate(root: MutableElement, path: string): { parent: MutableElement; name: string } {
  const steps = path.split('/');
  const name = steps.pop() ?? '';
  let parent = root;
  for (const step of steps) {
    const next = childElements(parent, step)[0];
    if (!next) throw new Error(`the base cookie has no ${path}`);
    parent = next;
  }
  return { parent, name };
}

function clone(element: MutableElement): MutableElement {
  return mutableFromXml(serializeElement(element, '')) ?? element;
}

function edited(xml: string, path: string, edit: Edit): string {
  const root = mutableFromXml(xml);
  if (!root) throw new Error('the formatter wrote malformed XML');
  if (path === 'qemu-migration') {
    if (edit.kind === 'duplicated') return xml + xml;
    if (edit.kind === 'malformed') root.name = edit.example;
    return serializeElement(root, '');
  }
  const { parent, name } = locate(root, path);
  if (name.startsWith('@')) {
    const attr = name.slice(1);
    const element = parent;
    const value = element.attributes.find(([k]) => k === attr);
    if (!value) throw new Error(`the base cookie has no ${path}`);
    if (edit.kind === 'malformed') value[1] = edit.example;
    else if (edit.kind === 'missing') element.attributes = element.attributes.filter(([k]) => k !== attr);
    else element.attributes.push([attr, value[1]]);
    return serializeElement(root, '');
  }
  const first = childElements(parent, name)[0];
  if (!first) throw new Error(`the base cookie has no ${path}`);
  if (edit.kind === 'malformed') first.children = [{ text: edit.example }];
  else if (edit.kind === 'missing') parent.children = parent.children.filter((c) => 'text' in c || c.name !== name);
  else parent.children.splice(parent.children.indexOf(first) + 1, 0, clone(first));
  return serializeElement(root, '');
}

function parsed(xml: string, phase: ParsePhase, policy: CookiePolicy, libvirt: Version): { accepted: boolean; code: string | null } {
  const result = parseCookie(xml, {
    phase, policy, libvirt, domain, localHostUuid: receiverHostUuid, localHostname: 'receiver.example.org', storageMigration: true,
  });
  return result.ok ? { accepted: true, code: null } : { accepted: false, code: result.errors[0]?.code ?? null };
}

const expected = (verdict: Verdict): { accepted: boolean; code: string | null } =>
  verdict.accepted ? { accepted: true, code: null } : { accepted: false, code: verdict.code };

interface Claim {
  readonly entry: GlossaryEntry;
  readonly edit: Edit;
  readonly reactions: Reactions;
}

function claimsOf(entry: GlossaryEntry): Claim[] {
  return [
    ...(entry.missing ? [{ entry, edit: { kind: 'missing' } as const, reactions: entry.missing }] : []),
    ...(entry.duplicated ? [{ entry, edit: { kind: 'duplicated' } as const, reactions: entry.duplicated }] : []),
    ...entry.malformed.map((m) => ({ entry, edit: { kind: 'malformed', example: m.example } as const, reactions: m })),
  ];
}

const claims = cookieGlossary.flatMap(claimsOf);
const label = (claim: Claim): string => `${claim.entry.path} ${claim.edit.kind}${claim.edit.kind === 'malformed' ? ` '${claim.edit.example}'` : ''}`;

describe('the cookie glossary against the codec', () => {
  it('every entry is read by some phase, and its full cookie parses in it under both policies', () => {
    for (const entry of cookieGlossary) {
      const phase = readBy(entry)[0];
      expect(phase, entry.path).toBeDefined();
      if (!phase) continue;
      for (const policy of ['libvirt', 'strict'] as const) expect(parsed(baseXml(entry), phase, policy, readingRelease(entry)), entry.path).toEqual({ accepted: true, code: null });
    }
  });

  it.each(claims.map((c) => [label(c), c] as const))('%s: the verdicts under libvirt and strict', (_name, claim) => {
    const { entry, edit, reactions } = claim;
    const xml = edited(baseXml(entry), entry.path, edit);
    const phase = readBy(entry)[0] ?? 'prepare';
    const release = readingRelease(entry);
    expect(parsed(xml, phase, 'libvirt', release)).toEqual(expected(reactions.libvirt));
    expect(parsed(xml, phase, 'strict', release)).toEqual(expected(reactions.strict));
  });

  it('the phases it derives as readers are the ones whose parse refuses a broken part', () => {
    const phases: readonly ParsePhase[] = ['prepare', 'perform', 'finish', 'confirm'];
    let checked = 0;
    for (const claim of claims) {
      const { entry, edit, reactions } = claim;
      // A refusal under libvirt that comes from reading the part (not from the XML parser).
      if (entry.flag === null || reactions.libvirt.accepted || reactions.libvirt.code === 'xml-malformed') continue;
      const xml = edited(baseXml(entry), entry.path, edit);
      const refusedIn = phases.filter((phase) => !parsed(xml, phase, 'libvirt', readingRelease(entry)).accepted);
      expect(refusedIn, label(claim)).toEqual(readBy(entry));
      checked += 1;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('its "since" is the first release whose formatter writes the part and whose parser reads it', () => {
    for (const entry of cookieGlossary) {
      const since = v(sinceOf(entry));
      const before = since.micro > 0 ? { ...since, micro: since.micro - 1 } : since.minor > 0 ? { ...since, minor: since.minor - 1, micro: 99 } : { major: since.major - 1, minor: 99, micro: 99 };
      if (entry.flag !== null && entry.since === undefined) {
        const top = `<${entry.path.split('/')[0] ?? ''}`;
        expect(baseXml(entry, since), `${entry.path} at ${formatVersion(since)}`).toContain(top);
        expect(baseXml(entry, before), `${entry.path} before ${formatVersion(since)}`).not.toContain(top);
        // From 1.0.3 a receiver checks mandatory features: one it does not know yet is refused as unknown.
        const xml = (release: Version): string => baseXml(entry, release).replace('</hostuuid>', `</hostuuid>\n  <feature name='${entry.flag}'/>`);
        if (atLeast(before, v('1.0.3'))) {
          expect(parsed(xml(since), 'all' as ParsePhase, 'libvirt', since).code, `${entry.path} at ${formatVersion(since)}`).not.toBe('unknown-feature');
          expect(parsed(xml(before), 'all' as ParsePhase, 'libvirt', before).code, `${entry.path} before ${formatVersion(since)}`).toBe('unknown-feature');
        }
      }
      // A part with a release of its own: a broken one is refused from `since`, not read before it.
      const refusal = claimsOf(entry).find((c) => !c.reactions.libvirt.accepted && c.reactions.libvirt.code !== 'xml-malformed');
      if (entry.since === undefined || !refusal) continue;
      const phase = readBy(entry)[0] ?? 'prepare';
      expect(parsed(edited(baseXml(entry), entry.path, refusal.edit), phase, 'libvirt', since).accepted, `${entry.path} at ${entry.since}`).toBe(false);
      expect(parsed(edited(baseXml(entry), entry.path, refusal.edit), phase, 'libvirt', before).accepted, `${entry.path} before ${entry.since}`).toBe(true);
    }
  });

  it('a part dropped in a release is no longer written nor read from it', () => {
    for (const entry of cookieGlossary.filter((e) => e.until !== undefined)) {
      const until = v(entry.until ?? '');
      const lastXml = baseXml(entry);
      const read = (release: Version): unknown => {
        const result = parseCookie(lastXml, { phase: readBy(entry)[0] ?? 'prepare', libvirt: release, domain });
        return result.ok ? result.cookie.allowReboot : 'refused';
      };
      expect(lastXml, entry.path).toContain('<allowReboot');
      expect(read(readingRelease(entry))).toBe(true);
      expect(read(until)).toBeNull();
      expect(baseXml(entry, until)).not.toContain('<allowReboot');
    }
  });
});

/** Every element path (and `element/@attribute`) of a cookie, outside the opaque <domain> and <cpu>. */
function pathsOf(xml: string): Set<string> {
  const root = mutableFromXml(xml);
  const paths = new Set<string>();
  if (!root) return paths;
  paths.add('qemu-migration');
  const visit = (element: MutableElement, path: string): void => {
    for (const [attr] of element.attributes) paths.add(`${path}/@${attr}`);
    if (path === 'domain' || path === 'cpu') return;
    for (const child of element.children) {
      if ('text' in child) continue;
      const childPath = path === '' ? child.name : `${path}/${child.name}`;
      paths.add(childPath);
      visit(child, childPath);
    }
  };
  for (const [attr] of root.attributes) paths.add(`@${attr}`);
  visit(root, '');
  return paths;
}

describe('the cookie glossary against the formatter and the phases', () => {
  const written = new Set([...pathsOf(formatCookie(fullCookie(['nbd', 'persistent']), allFlagsMask, { libvirt: '12.5.0' })),
    ...pathsOf(formatCookie(fullCookie([]), allFlagsMask, { libvirt: '7.6.0' }))]);

  it('has an entry for every element and attribute the formatter can write', () => {
    expect(written.size).toBeGreaterThan(60);
    expect([...written].filter((path) => glossaryEntry(path) === null)).toEqual([]);
  });

  it('names only parts the formatter writes', () => {
    expect(cookieGlossary.map((e) => e.path).filter((path) => !written.has(path))).toEqual([]);
    expect(new Set(cookieGlossary.map((e) => e.path)).size).toBe(cookieGlossary.length);
  });

  it('claims every part each simulated phase writes for that phase', () => {
    const profile = (spec: string) => {
      const parsed = parseSideSpec(spec);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.profile;
    };
    const pairs = [['libvirt=12.5.0,qemu=9.2.0', 'libvirt=12.5.0,qemu=9.2.0'], ['libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.3.0'], ['libvirt=5.0.0,qemu=4.0.0', 'libvirt=5.0.0,qemu=4.0.0']];
    const unclaimed: string[] = [];
    for (const [source, target] of pairs) {
      const result = simulateHandshake(buildScenario({ source: profile(source ?? ''), target: profile(target ?? ''), copyStorage: 'all', persistent: true }));
      for (const phase of result.phases) {
        if (phase.cookie === null || phase.phase === 'confirm') continue;
        for (const path of pathsOf(phase.cookie)) {
          const entry = glossaryEntry(path);
          if (!entry?.writtenBy.includes(phase.phase)) unclaimed.push(`${phase.phase}: ${path}`);
        }
      }
    }
    expect(unclaimed).toEqual([]);
  });

  it('names, for each libvirt refusal, the function the error catalogue names', () => {
    for (const claim of claims) {
      const verdict = claim.reactions.libvirt;
      if (verdict.accepted || verdict.code === 'xml-malformed') continue;
      const source = cookieErrorCatalog.find((e) => e.code === verdict.code)?.source;
      expect(source, label(claim)).toBe(claim.entry.parsedBy);
    }
  });
});
