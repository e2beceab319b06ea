// fast-check arbitraries for valid migration cookies of any libvirt era. "Valid" means: what
// that libvirt's formatter can produce, so that `formatCookie` followed by `parseCookie` (phase
// `all`, same version) gives the same cookie back. The constraints below are exactly the
// places where libvirt's text output is not a bijection: attribute values lose tabs and
// newlines to XML normalisation, `virBufferEscapeString` drops C0 controls, and fields printed
// with a plain `%s` cannot hold XML specials.
import fc from 'fast-check';
import { capabilitiesKnownAt } from '../../model/cookie/capabilities.js';
import { cookieFlags, flagKnownAt } from '../../model/cookie/flags.js';
import { statisticsFields, type StatisticsName } from '../../model/cookie/statistics.js';
import { vportTypesKnownAt } from '../../model/cookie/vport.js';
import type {
  Cookie, CookieBitmapDisk, CookieCapabilities, CookieGraphics, CookieLockstate, CookieNbd, CookieNetwork,
  CookieStatistics, OpaqueXml,
} from '../../model/cookie/types.js';
import { atLeast, compareVersions, v, type Version } from '../../model/version.js';

/** libvirt versions at which the cookie rules change; one per era. */
export const cookieEraVersions: readonly Version[] = [
  '0.9.2', '1.0.3', '1.2.9', '1.2.11', '1.3.0', '3.5.0', '3.9.0', '4.3.0', '6.9.0', '7.1.0', '7.3.0', '7.7.0', '9.0.0', '12.5.0',
].map(v);

export const cookieEraArbitrary: fc.Arbitrary<Version> = fc.constantFrom(...cookieEraVersions);

const asciiSafe = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@';

/** Text for escaped element content: any XML character except CR (normalised) and dropped C0 controls. */
export const escapedTextArbitrary: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...asciiSafe) },
    { weight: 2, arbitrary: fc.constantFrom('<', '>', '&', "'", '"', ' ', '\t', '\n') },
    { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '中', '😀', '\u00a0') },
  ),
  minLength: 1, maxLength: 24,
});

/** Text for escaped attribute values: tabs and newlines would turn into spaces. */
export const escapedAttributeArbitrary: fc.Arbitrary<string> = escapedTextArbitrary
  .filter((text) => !/[\t\n]/.test(text));

/** Text libvirt prints without escaping: it must not contain XML specials itself. */
export const rawTextArbitrary: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...asciiSafe, ' '), minLength: 1, maxLength: 16 });

export const uuidArbitrary: fc.Arbitrary<string> = fc.uuid({ version: [1, 2, 3, 4, 5] }).map((u) => u.toLowerCase());

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

const graphicsArbitrary: fc.Arbitrary<CookieGraphics> = fc.record({
  type: fc.constantFrom('spice', 'vnc', 'sdl', 'rdp', 'desktop', 'egl-headless', 'dbus'),
  port: int32,
  listen: rawTextArbitrary,
  tlsPort: int32,
  tlsSubject: fc.option(escapedAttributeArbitrary, { nil: null }),
}).map((g) => ({ ...g, tlsPort: g.type === 'spice' ? g.tlsPort : null }));

const lockstateArbitrary: fc.Arbitrary<CookieLockstate> = fc.record({ driver: rawTextArbitrary, leases: rawTextArbitrary });

const opaqueDomain: fc.Arbitrary<OpaqueXml> = fc.record({ name: rawTextArbitrary, memory: fc.nat() })
  .map(({ memory }) => ({ xml: `<domain type='kvm'>\n  <name>guest</name>\n  <memory unit='KiB'>${memory}</memory>\n</domain>` }));

const opaqueCpu: fc.Arbitrary<OpaqueXml> = fc.constantFrom(
  { xml: "<cpu mode='host-passthrough' check='partial' migratable='on'/>" },
  { xml: "<cpu mode='custom' match='exact' check='full'>\n  <model fallback='forbid'>EPYC-Rome</model>\n  <vendor>AMD</vendor>\n</cpu>" },
);

/** Interfaces of the types `version` transfers (it writes none of type 'none'). */
function networkArbitrary(version: Version): fc.Arbitrary<CookieNetwork> {
  return fc.record({
    interfaces: fc.array(fc.record({
      vporttype: fc.constantFrom(...vportTypesKnownAt(version).filter((name) => name !== 'none')),
      portdata: fc.option(escapedTextArbitrary, { nil: null }),
    }), { minLength: 1, maxLength: 3 }),
  });
}

function nbdArbitrary(version: Version): fc.Arbitrary<CookieNbd> {
  const withDisks = atLeast(version, v('1.2.11'));
  const emptyOmitted = compareVersions(version, v('6.9.0')) >= 0 && compareVersions(version, v('7.3.0')) < 0;
  return fc.record({
    port: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 65535 })),
    // One entry per domain disk, so targets are unique.
    disks: withDisks ? fc.uniqueArray(fc.record({ target: escapedAttributeArbitrary, capacity: u64 }), { maxLength: 4, selector: (d) => d.target }) : fc.constant([]),
  }).filter((nbd) => !emptyOmitted || nbd.port !== 0 || nbd.disks.length > 0);
}

function statisticsArbitrary(version: Version): fc.Arbitrary<CookieStatistics> {
  const value = (kind: string): fc.Arbitrary<bigint> => (kind === 'i64' ? i64 : kind === 'int' ? int32.map(BigInt) : u64);
  const fields = statisticsFields.filter((field) => atLeast(version, field.since));
  const record: Record<string, fc.Arbitrary<bigint | null>> = {};
  for (const field of fields) record[field.name] = field.optional ? fc.option(value(field.kind), { nil: null }) : value(field.kind);
  return fc.record(record).map((values) => {
    const out: Record<string, bigint | null> = {};
    for (const field of statisticsFields) {
      const gate = 'gate' in field ? field.gate : undefined;
      const own = values[field.name] ?? null;
      out[field.name] = gate !== undefined && (values[gate] ?? null) === null ? null : own;
    }
    return out as Record<StatisticsName, bigint | null>;
  });
}

function capabilitiesArbitrary(version: Version): fc.Arbitrary<CookieCapabilities> {
  const known = capabilitiesKnownAt(version);
  return fc.array(fc.boolean(), { minLength: known.length, maxLength: known.length })
    .chain((present) => fc.array(fc.boolean(), { minLength: known.length, maxLength: known.length })
      .map((auto) => ({ caps: known.flatMap((name, i) => (present[i] ? [{ name, auto: auto[i] ?? false }] : [])) })));
}

const bitmapsArbitrary: fc.Arbitrary<readonly CookieBitmapDisk[]> = fc.uniqueArray(fc.record({
  target: rawTextArbitrary,
  bitmaps: fc.uniqueArray(fc.record({ name: rawTextArbitrary, alias: rawTextArbitrary }), { minLength: 1, maxLength: 3, selector: (b) => b.name }),
}), { minLength: 1, maxLength: 2, selector: (d) => d.target });

function optionalIf<T>(condition: boolean, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return condition ? fc.option(arbitrary, { nil: null }) : fc.constant(null);
}

/** A cookie libvirt `version` could have written, with every section it knows maybe present. */
export function cookieArbitrary(version: Version): fc.Arbitrary<Cookie> {
  const knows = (flag: (typeof cookieFlags)[number]): boolean => flagKnownAt(flag, version);
  const allowReboot = knows('allowReboot') && !atLeast(version, v('7.7.0'));
  return fc.record({
    name: escapedTextArbitrary,
    uuid: uuidArbitrary,
    hostname: escapedTextArbitrary,
    hostuuid: uuidArbitrary,
    features: fc.subarray(cookieFlags.filter((flag) => knows(flag))),
    graphics: optionalIf(knows('graphics'), graphicsArbitrary),
    lockstate: optionalIf(knows('lockstate'), lockstateArbitrary),
    domain: optionalIf(knows('persistent'), opaqueDomain),
    network: optionalIf(knows('network'), networkArbitrary(version)),
    nbd: optionalIf(knows('nbd'), nbdArbitrary(version)),
    statistics: optionalIf(knows('statistics'), statisticsArbitrary(version)),
    cpu: optionalIf(knows('cpu'), opaqueCpu),
    allowReboot: allowReboot ? fc.option(fc.boolean(), { nil: null }) : fc.constant(null),
    // CAPS is parsed whenever requested, so a cookie of that era always comes back with it.
    capabilities: knows('capabilities') ? capabilitiesArbitrary(version) : fc.constant(null),
    blockDirtyBitmaps: optionalIf(knows('block-dirty-bitmaps'), bitmapsArbitrary),
  });
}

/** A version together with a cookie that version could write. */
export const versionedCookieArbitrary: fc.Arbitrary<{ version: Version; cookie: Cookie }> = cookieEraArbitrary
  .chain((version) => cookieArbitrary(version).map((cookie) => ({ version, cookie })));
