// `migsim cookie check` and `migsim cookie format`: the cookie codec on the command line.
import {
  ContextError, cookieToJson, flagsOf, formatCookie, newestLibvirt, parseCookie, type Cookie, type CookieError,
  type ParseContext, type ParsePhase, type ParseResult,
} from '../../model/cookie/index.js';
import { parseVersion } from '../../model/version.js';
import { oneOf, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';

const phases = ['begin', 'prepare', 'perform', 'finish', 'confirm', 'all'] as const;

export const cookieUsage = `usage:
  migsim cookie check FILE|- [--phase begin|prepare|perform|finish|confirm|all] [--policy libvirt|strict]
                      [--libvirt VERSION] [--domain-name NAME] [--domain-uuid UUID]
                      [--local-host-uuid UUID] [--local-hostname NAME] [--json]
  migsim cookie format FILE|- [--libvirt VERSION] [--hostname NAME] [--host-uuid UUID] [--keep-features]

check   reads a cookie as the given phase of the given libvirt would (default: phase all, libvirt ${newestLibvirt},
        policy libvirt); a comparison whose option is absent is skipped. Exit 0 accepted, 1 rejected, 2 usage.
format  parses the cookie with every flag and writes it back as that libvirt's formatter would (like
        libvirt's qemumigrationcookiexmltest): mandatory features are not kept by libvirt's parser, so they
        are dropped unless --keep-features; --hostname/--host-uuid substitute the local host's identity.
`;

export async function cookieCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return checkCommand(rest, io);
  if (sub === 'format') return formatCommand(rest, io);
  if (sub === undefined || sub === '--help' || sub === 'help') {
    io.out(cookieUsage);
    return sub === undefined ? exitCode.usage : exitCode.ok;
  }
  throw new UsageError(`unknown cookie command '${sub}' (expected check or format)`);
}

async function readInput(positionals: readonly string[], io: CliIo): Promise<Uint8Array> {
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing FILE (use - for standard input)');
  try {
    return await io.readBytes(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkVersion(text: string | undefined): string {
  const version = text ?? newestLibvirt;
  if (!parseVersion(version).ok) throw new UsageError(`--libvirt: not a version: '${version}'`);
  return version;
}

async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    phase: { type: 'string' }, policy: { type: 'string' }, libvirt: { type: 'string' },
    'domain-name': { type: 'string' }, 'domain-uuid': { type: 'string' }, 'local-host-uuid': { type: 'string' },
    'local-hostname': { type: 'string' }, json: { type: 'boolean' },
  });
  const phase = oneOf(values.phase, phases, '--phase', 'all');
  const context: ParseContext = {
    phase: phase as ParsePhase | 'all',
    policy: oneOf(values.policy, ['libvirt', 'strict'] as const, '--policy', 'libvirt'),
    libvirt: checkVersion(values.libvirt),
    domain: { name: values['domain-name'], uuid: values['domain-uuid'] },
    localHostUuid: values['local-host-uuid'],
    localHostname: values['local-hostname'],
  };
  const input = await readInput(positionals, io);
  let result: ParseResult;
  try {
    result = parseCookie(input, context);
  } catch (error) {
    if (error instanceof ContextError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) io.out(JSON.stringify(checkJson(result)) + '\n');
  else io.out(checkText(result, context));
  return result.ok ? exitCode.ok : exitCode.failed;
}

function checkJson(result: ParseResult): unknown {
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

async function formatCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    libvirt: { type: 'string' }, hostname: { type: 'string' }, 'host-uuid': { type: 'string' },
    'keep-features': { type: 'boolean' },
  });
  const libvirt = checkVersion(values.libvirt);
  const result = parseCookie(await readInput(positionals, io), { phase: 'all', libvirt });
  if (!result.ok) {
    io.err(result.errors.map((e) => 'rejected ' + errorLine(e)).join(''));
    return exitCode.failed;
  }
  const cookie: Cookie = {
    ...result.cookie,
    features: values['keep-features'] ? result.cookie.features : [],
    hostname: values.hostname ?? result.cookie.hostname,
    hostuuid: values['host-uuid'] ?? result.cookie.hostuuid,
  };
  io.out(formatCookie(cookie, result.mask, { libvirt }));
  return exitCode.ok;
}
