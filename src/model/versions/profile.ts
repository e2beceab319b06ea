// A side of a migration: a libvirt release plus a QEMU release, with single QEMU capabilities
// switched on or off and, for hypothetical versions, libvirt behaviour knobs overridden.
// Written on the command line as `libvirt=1.2.0,qemu=1.3.0,-drive-mirror,+nbd-tls`, or read
// from a JSON profile file.
import { compareVersions, formatVersion, parseVersion, type Version } from '../version.js';
import { libvirtBehaviourAt, libvirtBehaviourKnobs, type LibvirtBehaviour } from './libvirt.js';
import { isQemuCapability, qemuCapabilities, qemuCapabilitiesAt, type QemuCapability } from './qemu.js';
import { parseLibvirtRelease, parseQemuRelease } from './releases.js';

export interface SideProfile {
  readonly name: string;
  readonly libvirt: Version;
  readonly qemu: Version;
  readonly qemuCaps: ReadonlySet<QemuCapability>;
  readonly behaviour: LibvirtBehaviour;
  /** The capability switches applied on top of the QEMU version, as written. */
  readonly capabilitySwitches: readonly string[];
}

export type ProfileResult = { readonly ok: true; readonly profile: SideProfile } | { readonly ok: false; readonly message: string };

function fail(message: string): ProfileResult {
  return { ok: false, message };
}

function applySwitches(base: Set<QemuCapability>, switches: readonly string[]): ProfileResult | Set<QemuCapability> {
  const caps = new Set(base);
  for (const item of switches) {
    const name = item.slice(1);
    if (!/^[+-]/.test(item) || !isQemuCapability(name)) {
      return fail(`unknown QEMU capability switch '${item}' (use +cap or -cap with cap one of ${qemuCapabilities.join(', ')})`);
    }
    if (item.startsWith('+')) caps.add(name);
    else caps.delete(name);
  }
  return caps;
}

export function profileLabel(profile: Pick<SideProfile, 'libvirt' | 'qemu' | 'capabilitySwitches'>): string {
  const switches = profile.capabilitySwitches.length > 0 ? ',' + profile.capabilitySwitches.join(',') : '';
  return `libvirt=${formatVersion(profile.libvirt)},qemu=${formatVersion(profile.qemu)}${switches}`;
}

export interface ProfileParts {
  readonly libvirt: Version;
  readonly qemu: Version;
  readonly switches?: readonly string[];
  readonly behaviour?: Partial<LibvirtBehaviour>;
  readonly name?: string;
}

export function buildProfile(parts: ProfileParts): ProfileResult {
  const switches = parts.switches ?? [];
  const caps = applySwitches(qemuCapabilitiesAt(parts.qemu), switches);
  if (!(caps instanceof Set)) return caps;
  const profile: Omit<SideProfile, 'name'> = {
    libvirt: parts.libvirt, qemu: parts.qemu, qemuCaps: caps,
    behaviour: { ...libvirtBehaviourAt(parts.libvirt), ...parts.behaviour }, capabilitySwitches: switches,
  };
  return { ok: true, profile: { ...profile, name: parts.name ?? profileLabel(profile) } };
}

/** Parses `libvirt=X,qemu=Y[,+cap|-cap...]`; both versions must be real releases. */
export function parseSideSpec(spec: string): ProfileResult {
  let libvirt: Version | undefined;
  let qemu: Version | undefined;
  const switches: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [key, value] = part.split('=', 2);
    if (key === 'libvirt' && value !== undefined) {
      const release = parseLibvirtRelease(value);
      if (!release.ok) return fail(release.message);
      libvirt = release.version;
    } else if (key === 'qemu' && value !== undefined) {
      const release = parseQemuRelease(value);
      if (!release.ok) return fail(release.message);
      qemu = release.version;
    } else if (value === undefined && /^[+-]/.test(part)) {
      switches.push(part);
    } else {
      return fail(`cannot read '${part}' in '${spec}' (expected libvirt=VERSION, qemu=VERSION, +cap or -cap)`);
    }
  }
  if (!libvirt || !qemu) return fail(`'${spec}' must give both libvirt=VERSION and qemu=VERSION`);
  return buildProfile({ libvirt, qemu, switches });
}

/**
 * A profile from JSON: `{ "name", "libvirt", "qemu", "capabilities": ["+nbd-tls"],
 * "hypothetical": true, "behaviour": { "fallback": "legacy", ... } }`. Versions must be real
 * releases unless `hypothetical` is true.
 */
export function profileFromJson(json: unknown): ProfileResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('a profile must be a JSON object');
  const record = json as Record<string, unknown>;
  const hypothetical = record['hypothetical'] === true;
  const version = (key: 'libvirt' | 'qemu'): Version | string => {
    const text = record[key];
    if (typeof text !== 'string') return `profile field '${key}' must be a version string`;
    const parsed = hypothetical ? parseVersion(text) : key === 'libvirt' ? parseLibvirtRelease(text) : parseQemuRelease(text);
    return parsed.ok ? parsed.version : parsed.message;
  };
  const libvirt = version('libvirt');
  const qemu = version('qemu');
  if (typeof libvirt === 'string') return fail(libvirt);
  if (typeof qemu === 'string') return fail(qemu);
  const switches = record['capabilities'] ?? [];
  if (!Array.isArray(switches) || !switches.every((s) => typeof s === 'string')) return fail("profile field 'capabilities' must be a list of '+cap'/'-cap' strings");
  const behaviour = behaviourOverrides(record['behaviour']);
  if (typeof behaviour === 'string') return fail(behaviour);
  const name = typeof record['name'] === 'string' ? record['name'] : undefined;
  return buildProfile({ libvirt, qemu, switches, behaviour, name });
}

function behaviourOverrides(value: unknown): Partial<LibvirtBehaviour> | string {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return "profile field 'behaviour' must be an object";
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!(libvirtBehaviourKnobs as readonly string[]).includes(key)) {
      return `unknown behaviour knob '${key}' (known: ${libvirtBehaviourKnobs.join(', ')})`;
    }
    if (key === 'qemuMin' && typeof raw === 'string') {
      const parsed = parseVersion(raw);
      if (!parsed.ok) return parsed.message;
      out[key] = parsed.version;
    } else {
      out[key] = raw;
    }
  }
  return out as Partial<LibvirtBehaviour>;
}

/** True when this libvirt refuses to run a domain on this QEMU. */
export function qemuTooOld(profile: SideProfile): boolean {
  return profile.behaviour.qemuMin !== null && compareVersions(profile.qemu, profile.behaviour.qemuMin) < 0;
}
