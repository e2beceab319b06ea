// Which libvirt and QEMU releases exist, so that a typo (`libvirt=8.12.0`) is a clear error
// instead of a silently interpolated era. libvirt: 0.x and 1.x had irregular micro releases;
// from 2.0.0 on there is one X.Y.0 a month with Y in 0..10 (NEWS.rst); the newest modelled is
// 12.5.0. QEMU: MAJOR.MINOR.MICRO, with the minor releases listed below and any stable micro.
import { compareVersions, formatVersion, parseVersion, v, type Version } from '../version.js';

export type ReleaseParse = { readonly ok: true; readonly version: Version } | { readonly ok: false; readonly message: string };

const libvirtMinorsMax: ReadonlyMap<string, number> = new Map([
  ['0.8', 8], ['0.9', 13], ['0.10', 2], ['1.0', 6], ['1.1', 4], ['1.2', 21], ['1.3', 5],
]);
const newestLibvirt = v('12.5.0');

function isLibvirtRelease(version: Version): boolean {
  if (compareVersions(version, newestLibvirt) > 0) return false;
  const microMax = libvirtMinorsMax.get(`${version.major}.${version.minor}`);
  if (microMax !== undefined) return version.micro <= microMax;
  return version.major >= 2 && version.minor <= 10 && version.micro <= 2;
}

/** QEMU minor releases per major version (qemu.org download archive). */
const qemuMinors: ReadonlyMap<number, number> = new Map([[0, 15], [1, 7], [2, 12], [3, 1], [4, 2], [5, 2], [6, 2], [7, 2], [8, 2], [9, 2], [10, 2], [11, 0]]);

function isQemuRelease(version: Version): boolean {
  const minorMax = qemuMinors.get(version.major);
  if (minorMax === undefined || version.minor > minorMax) return false;
  if (version.major === 0 && version.minor < 12) return false;
  return version.micro <= 30;
}

function parseRelease(text: string, what: string, isRelease: (version: Version) => boolean, hint: string): ReleaseParse {
  const parsed = parseVersion(text);
  if (!parsed.ok) return { ok: false, message: `${what}: ${parsed.message}` };
  if (!isRelease(parsed.version)) return { ok: false, message: `unknown ${what} version ${formatVersion(parsed.version)} (${hint})` };
  return parsed;
}

export function parseLibvirtRelease(text: string): ReleaseParse {
  return parseRelease(text, 'libvirt', isLibvirtRelease, `releases run 0.8.0 to ${formatVersion(newestLibvirt)}; from 2.0.0 they are X.Y.0 with Y 0..10`);
}

export function parseQemuRelease(text: string): ReleaseParse {
  return parseRelease(text, 'QEMU', isQemuRelease, 'releases run 0.12 to 11.0, e.g. 1.3.0, 7.2.22, 9.1.0');
}
