// Release versions of libvirt and QEMU as comparable values. Version strings are what people
// type (`9.0.0`, `1.2`, `7.2.22`); a missing micro or minor part counts as 0.

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly micro: number;
}

export type VersionParse = { readonly ok: true; readonly version: Version } | { readonly ok: false; readonly message: string };

const versionPattern = /^(\d{1,4})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?$/;

export function parseVersion(text: string): VersionParse {
  const match = versionPattern.exec(text.trim());
  if (!match) return { ok: false, message: `not a version: '${text}' (expected MAJOR.MINOR[.MICRO])` };
  const [, major = '0', minor = '0', micro = '0'] = match;
  return { ok: true, version: { major: Number(major), minor: Number(minor), micro: Number(micro) } };
}

/** Parses a version written in our own tables; a typo there is a programming error. */
export function v(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.version;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.micro - b.micro;
}

/** True when `version` is at least `since`. */
export function atLeast(version: Version, since: Version): boolean {
  return compareVersions(version, since) >= 0;
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.micro}`;
}
