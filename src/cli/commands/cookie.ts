// `migsim cookie check` and `migsim cookie format`: the cookie codec on the command line.
import {
  ContextError, cookieToJson, flagsOf, formatCookie, newestLibvirt, parseCookie, type Cookie, type CookieError,
  type ParseContext, type ParsePhase, type ParseResult,
} from '../../model/cookie/index.js';
import { parseVersion } from '../../model/version.js';
import { defineCommand, exits, option, toggle, type CommandSpec } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import type { CookieFormatJson } from '../schemas/cookie.js';
import { commandSummaries } from '../summaries.js';
import { choice, kind, text } from '../values.js';

const phases = ['begin', 'prepare', 'perform', 'finish', 'confirm', 'all'] as const;

const libvirtFlag = option('VERSION', kind('a libvirt version such as 9.0.0', (value) => (parseVersion(value).ok ? { ok: true, value } : { ok: false, why: 'is not a version' })),
  `the libvirt whose parser or formatter to use (default ${newestLibvirt})`);
const input = { synopsis: 'FILE|-', min: 1, max: 1 } as const;

const checkFlags = {
  phase: option('PHASE', choice(phases), 'the phase that reads it: begin | prepare | perform | finish | confirm | all (default all)'),
  policy: option('POLICY', choice(['libvirt', 'strict'] as const), 'libvirt | strict parsing (default libvirt)'),
  libvirt: libvirtFlag,
  'domain-name': option('NAME', text(), "the local domain's name, compared with <name>"),
  'domain-uuid': option('UUID', text(), "the local domain's UUID, compared with <uuid>"),
  'local-hostname': option('NAME', text(), "the local host's name, compared with <hostname>"),
  'local-host-uuid': option('UUID', text(), "the local host's UUID, compared with <hostuuid> (same host: refused)"),
  json: toggle('print the verdict as one JSON object'),
};

export const cookieCheckSpec: CommandSpec<typeof checkFlags> = {
  name: 'cookie check',
  summary: commandSummaries['cookie check'],
  positionals: input,
  description: `Reads a cookie (a file, or - for standard input) as the given phase of the given libvirt would;
a comparison whose flag is absent is skipped.`,
  flags: checkFlags,
  exits: exits('the cookie is accepted', 'the cookie is rejected'),
  schema: 'cookie-check',
};

const formatFlags = {
  libvirt: libvirtFlag,
  'local-hostname': option('NAME', text(), "the local host's name to write in <hostname>", ['hostname']),
  'local-host-uuid': option('UUID', text(), "the local host's UUID to write in <hostuuid>", ['host-uuid']),
  'keep-features': toggle('keep the mandatory <feature> elements (libvirt\'s parser drops them)'),
  json: toggle('print the result as one JSON object'),
};

export const cookieFormatSpec: CommandSpec<typeof formatFlags> = {
  name: 'cookie format',
  summary: commandSummaries['cookie format'],
  positionals: input,
  description: `Parses the cookie with every flag and writes it back as that libvirt's formatter would (like
libvirt's qemumigrationcookiexmltest).`,
  flags: formatFlags,
  exits: exits('the cookie was re-formatted', 'the cookie is rejected'),
  schema: 'cookie-format',
};

export const cookieUsage = `usage:
  migsim cookie check FILE|- [options]    ${commandSummaries['cookie check']}
  migsim cookie format FILE|- [options]   ${commandSummaries['cookie format']}

Run 'migsim cookie check --help' or 'migsim cookie format --help' for their options.
`;

export async function cookieCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return checkCommand(rest, io);
  if (sub === 'format') return formatCommand(rest, io);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(cookieUsage);
    return sub === undefined ? exitCode.usage : exitCode.ok;
  }
  throw new UsageError(`unknown cookie command '${sub}' (expected check or format)`, 'unknown-command');
}

async function readInput(positionals: readonly string[], io: CliIo): Promise<Uint8Array> {
  const file = positionals[0] ?? '-';
  try {
    return await io.readBytes(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${reason(error)}`, 'cannot-read');
  }
}

const checkCommand = defineCommand(cookieCheckSpec, async (values, positionals, io) => {
  const context: ParseContext = {
    phase: (values.phase ?? 'all') as ParsePhase | 'all',
    policy: values.policy ?? 'libvirt',
    libvirt: values.libvirt ?? newestLibvirt,
    domain: { name: values['domain-name'], uuid: values['domain-uuid'] },
    localHostUuid: values['local-host-uuid'],
    localHostname: values['local-hostname'],
  };
  const bytes = await readInput(positionals, io);
  let result: ParseResult;
  try {
    result = parseCookie(bytes, context);
  } catch (error) {
    if (error instanceof ContextError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) io.out(JSON.stringify(checkJson(result)) + '\n');
  else io.out(checkText(result, context));
  return result.ok ? exitCode.ok : exitCode.failed;
});

/** The verdict; the cookie as cookieToJson writes it (64-bit numbers as text), described by docs/schemas/cookie-check.schema.json. */
function checkJson(result: ParseResult): { readonly ok: boolean; readonly [key: string]: unknown } {
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, cookie: cookieToJson(result.cookie), warnings: result.warnings, flags: flagsOf(result.mask) };
}

function errorLine(error: CookieError): string {
  return `[${error.code}] ${error.message}\n    at ${error.path}\n`;
}

function checkText(result: ParseResult, context: ParseContext): string {
  const who = `phase ${context.phase}, libvirt ${String(context.libvirt)}, policy ${context.policy ?? 'libvirt'}`;
  if (!result.ok) return `rejected (${who})\n` + result.errors.map((e) => '  ' + errorLine(e)).join('');
  const lines = [`accepted (${who})`, ...describeCookie(result.cookie).map((l) => '  ' + l)];
  for (const warning of result.warnings) lines.push(`  warning ${errorLine(warning).trimEnd()}`);
  if (result.uncheckedFeatures.length > 0) {
    lines.push(`  not checked: ${result.uncheckedFeatures.join(', ')} (libvirt ${String(context.libvirt)} predates the feature check: its parser looks for <features>, a typo fixed in 1.0.3 by 69660042fb, and reads no <feature> at all)`);
  }
  for (const name of result.ignored) lines.push(`  ignored: <${name}> (not read by this phase of libvirt ${String(context.libvirt)})`);
  return lines.join('\n') + '\n';
}

/** A few readable lines about what a parsed cookie carries. */
export function describeCookie(cookie: Cookie): string[] {
  const lines = [`name ${cookie.name}, uuid ${cookie.uuid}`, `from host ${cookie.hostname} (${cookie.hostuuid})`];
  if (cookie.features.length > 0) lines.push(`mandatory features: ${cookie.features.join(', ')}`);
  if (cookie.nbd) {
    const disks = cookie.nbd.disks.map((d) => `${d.target} (${d.capacity} bytes)`).join(', ');
    lines.push(`nbd: ${cookie.nbd.port === 0 ? 'no port' : `port ${cookie.nbd.port}`}, ${cookie.nbd.disks.length} disk(s)${disks ? ': ' + disks : ''}`);
  } else {
    lines.push('nbd: none taken');
  }
  const present = (['graphics', 'lockstate', 'domain', 'network', 'statistics', 'cpu', 'capabilities', 'blockDirtyBitmaps'] as const)
    .filter((key) => cookie[key] !== null);
  if (present.length > 0) lines.push(`sections read: ${present.join(', ')}`);
  return lines;
}

const formatCommand = defineCommand(cookieFormatSpec, async (values, positionals, io) => {
  const libvirt = values.libvirt ?? newestLibvirt;
  const result = parseCookie(await readInput(positionals, io), { phase: 'all', libvirt });
  if (!result.ok) {
    if (values.json) io.out(JSON.stringify({ ok: false, errors: result.errors } satisfies CookieFormatJson) + '\n');
    else io.err(`rejected: ${result.errors.map((e) => `[${e.code}] ${e.message} (at ${e.path})`).join('; ')}\n`);
    return exitCode.failed;
  }
  const cookie: Cookie = {
    ...result.cookie,
    features: values['keep-features'] ? result.cookie.features : [],
    hostname: values['local-hostname'] ?? result.cookie.hostname,
    hostuuid: values['local-host-uuid'] ?? result.cookie.hostuuid,
  };
  const xml = formatCookie(cookie, result.mask, { libvirt });
  io.out(values.json ? JSON.stringify({ ok: true, xml } satisfies CookieFormatJson) + '\n' : xml);
  return exitCode.ok;
});
