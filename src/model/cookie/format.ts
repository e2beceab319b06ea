// `formatCookie`: the XML libvirt writes for a cookie (`qemuMigrationCookieXMLFormat` and the
// helpers it calls), byte for byte: element order, two-space indentation, single-quoted
// attributes, and escaping only where libvirt escapes (`virBufferEscapeString`); the fields it
// prints with a plain `%s` are written raw, as libvirt does (src/qemu/qemu_migration_cookie.c
// @0150f7a8c1d8).
import { atLeast, compareVersions, v, type Version } from '../version.js';
import { capabilitiesKnownAt } from './capabilities.js';
import { resolveVersion } from './context.js';
import { allFlagsMask, cookieFlags, flagBit, flagsKnownAt, hasFlag, isCookieFlag, maskOf, type CookieFlag, type FlagMask } from './flags.js';
import { indentOpaque } from './opaque.js';
import { statisticsFields } from './statistics.js';
import { vportTypeWritten } from './vport.js';
import type { Cookie, CookieBitmapDisk, CookieCapabilities, CookieGraphics, CookieNbd, CookieNetwork, CookieStatistics } from './types.js';

export interface FormatOptions {
  /** The libvirt version whose formatter to reproduce; defaults to the newest modelled. */
  readonly libvirt?: Version | string;
}

/** `virBufferEscapeString`: the five XML specials become entities, other C0 controls are dropped. */
export function escapeXml(text: string): string {
  if (!/[<>&'"\x00-\x08\x0b\x0c\x0e-\x1f]/.test(text)) return text;
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

const emptyNbdOmittedFrom = v('6.9.0'); // 518be41aaa: virXMLFormatElement drops an empty <nbd>
const emptyNbdRestoredIn = v('7.3.0'); // 7c6d462aae brought <nbd/> back
const disksSince = v('1.2.11');
const allowRebootUntil = v('7.7.0');

/** Writes the cookie the way libvirt `version` would with the given format flags. */
export function formatCookie(cookie: Cookie, flags: FlagMask | readonly CookieFlag[] = allFlagsMask,
  options: FormatOptions = {}): string {
  const version = resolveVersion(options.libvirt);
  const mask = (typeof flags === 'number' ? flags : maskOf(flags)) & flagsKnownAt(version);
  const out: string[] = ['<qemu-migration>\n'];
  const line = (text: string): void => void out.push(`  ${text}\n`);
  line(`<name>${escapeXml(cookie.name)}</name>`);
  line(`<uuid>${cookie.uuid}</uuid>`);
  line(`<hostname>${escapeXml(cookie.hostname)}</hostname>`);
  line(`<hostuuid>${cookie.hostuuid}</hostuuid>`);
  for (const feature of mandatoryFeatures(cookie, version)) line(`<feature name='${feature}'/>`);
  if (hasFlag(mask, 'graphics') && cookie.graphics) out.push(formatGraphics(cookie.graphics));
  if (hasFlag(mask, 'lockstate') && cookie.lockstate && cookie.lockstate.leases !== null) {
    out.push(`  <lockstate driver='${cookie.lockstate.driver}'>\n    <leases>${cookie.lockstate.leases}</leases>\n  </lockstate>\n`);
  }
  if (hasFlag(mask, 'persistent') && cookie.domain) out.push(indentOpaque(cookie.domain, '  '));
  if (hasFlag(mask, 'network') && cookie.network) out.push(formatNetwork(cookie.network, version));
  if (hasFlag(mask, 'nbd') && cookie.nbd) out.push(formatNbd(cookie.nbd, version));
  if (hasFlag(mask, 'statistics') && cookie.statistics) out.push(formatStatistics(cookie.statistics, version));
  if (hasFlag(mask, 'cpu') && cookie.cpu) out.push(indentOpaque(cookie.cpu, '  '));
  if (hasFlag(mask, 'allowReboot') && !atLeast(version, allowRebootUntil) && cookie.allowReboot !== null) {
    line(`<allowReboot value='${cookie.allowReboot ? 'yes' : 'no'}'/>`);
  }
  if (hasFlag(mask, 'capabilities')) out.push(formatCapabilities(cookie.capabilities, version));
  if (hasFlag(mask, 'block-dirty-bitmaps') && cookie.blockDirtyBitmaps) out.push(formatBitmaps(cookie.blockDirtyBitmaps));
  out.push('</qemu-migration>\n');
  return out.join('');
}

/** libvirt keeps mandatory features as a bit mask, so they come out once each, in bit order. */
function mandatoryFeatures(cookie: Cookie, version: Version): CookieFlag[] {
  const declared = maskOf(cookie.features.filter(isCookieFlag));
  return cookieFlags.filter((flag) => (declared & flagBit(flag)) !== 0 && (flagsKnownAt(version) & flagBit(flag)) !== 0);
}

/** `virXMLFormatElement`: `<x a/>` without children, else children indented one level. */
function element(name: string, attrs: string, children: readonly string[], indent: string, allowEmpty = false): string {
  if (!allowEmpty && attrs === '' && children.length === 0) return '';
  if (children.length === 0) return `${indent}<${name}${attrs}/>\n`;
  return `${indent}<${name}${attrs}>\n${children.join('')}${indent}</${name}>\n`;
}

function formatGraphics(graphics: CookieGraphics): string {
  let attrs = ` type='${graphics.type}' port='${graphics.port}' listen='${graphics.listen}'`;
  if (graphics.type === 'spice') attrs += ` tlsPort='${graphics.tlsPort ?? 0}'`;
  const cert = graphics.tlsSubject === null ? [] : [`    <cert info='subject' value='${escapeXml(graphics.tlsSubject)}'/>\n`];
  return element('graphics', attrs, cert, '  ');
}

/** An unknown vporttype is written back as libvirt writes it (see vport.ts). */
function formatNetwork(network: CookieNetwork, version: Version): string {
  const interfaces = network.interfaces.flatMap((nic, index) => {
    if (nic.vporttype === 'none') return [];
    const portdata = nic.portdata === null ? [] : [`      <portdata>${escapeXml(nic.portdata)}</portdata>\n`];
    return [element('interface', ` index='${index}' vporttype='${vportTypeWritten(nic.vporttype, version)}'`, portdata, '    ')];
  });
  return element('network', '', interfaces, '  ');
}

function formatNbd(nbd: CookieNbd, version: Version): string {
  const attrs = nbd.port !== 0 ? ` port='${nbd.port}'` : '';
  const disks = atLeast(version, disksSince)
    ? nbd.disks.map((disk) => `    <disk target='${escapeXml(disk.target)}' capacity='${disk.capacity}'/>\n`) : [];
  const omitEmpty = compareVersions(version, emptyNbdOmittedFrom) >= 0 && compareVersions(version, emptyNbdRestoredIn) < 0;
  return element('nbd', attrs, disks, '  ', !omitEmpty);
}

function formatStatistics(statistics: CookieStatistics, version: Version): string {
  const lines: string[] = [];
  const value = (name: string): bigint | null => (statistics as Readonly<Record<string, bigint | null>>)[name] ?? null;
  for (const field of statisticsFields) {
    if (!atLeast(version, field.since)) continue;
    const own = value(field.name);
    if (field.optional && own === null) continue;
    if ('gate' in field && field.gate !== undefined && value(field.gate) === null) continue;
    lines.push(`    <${field.name}>${own ?? 0n}</${field.name}>\n`);
  }
  return `  <statistics>\n${lines.join('')}  </statistics>\n`;
}

/** Capabilities are a bitmap in libvirt: unknown names vanish, order is the enum's. */
function formatCapabilities(capabilities: CookieCapabilities | null, version: Version): string {
  const caps = capabilities?.caps ?? [];
  const lines = capabilitiesKnownAt(version).flatMap((name) => {
    const matching = caps.filter((cap) => cap.name === name);
    if (matching.length === 0) return [];
    return [`    <cap name='${name}' auto='${matching.some((cap) => cap.auto) ? 'yes' : 'no'}'/>\n`];
  });
  return `  <capabilities>\n${lines.join('')}  </capabilities>\n`;
}

function formatBitmaps(disks: readonly CookieBitmapDisk[]): string {
  const children = disks.flatMap((disk) => {
    const bitmaps = disk.bitmaps.map((b) => `      <bitmap name='${b.name}' alias='${b.alias}'/>\n`);
    return bitmaps.length === 0 ? [] : [element('disk', ` target='${disk.target}'`, bitmaps, '    ')];
  });
  return element('blockDirtyBitmaps', '', children, '  ');
}
