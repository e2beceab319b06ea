// The outcome of a real run in the simulator's terms (design.md's Outcome): completed with the
// storage path used, or failed with a code, libvirt's message and the phase that failed. A
// libvirt message is given the project's code when one of its catalogues (cookie codec,
// handshake outcomes) has that text; otherwise the code is `libvirt-error`. Pure.
import type { ErrorCatalogEntry } from '../model/catalog.js';
import { cookieErrorCatalog } from '../model/cookie/errors.js';
import { outcomeErrorCatalog } from '../model/migration/errors.js';
import type { Phase } from '../model/migration/types.js';
import type { LoggedError, PhaseRun, QmpCommand } from './log-record.js';

export type RealOutcome =
  | { readonly result: 'completed'; readonly storage: 'nbd' | 'none' }
  | { readonly result: 'failed'; readonly error: { readonly code: string; readonly message: string; readonly phase: Phase } };

/** Codes of the harness's own verdicts, next to libvirt's. */
export const harnessOutcomeCodes = { timeout: 'run-timeout', unknown: 'libvirt-error' } as const;

/** Texts that differ from a catalogue row but are the same failure (spec libvirt-cookie.md §11). */
const extraTexts: readonly { readonly pattern: RegExp; readonly code: string }[] = [
  // 9.0 reports the Begin refusal without returning it; Prepare then builds nbd-server-start with no host.
  { pattern: /argument key 'host' must not have null value/, code: 'tunnelled-storage-unsupported' },
];

function templatePattern(template: string): RegExp {
  const parts = template.split('%s').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*'));
}

const catalogue: readonly { readonly pattern: RegExp; readonly code: string }[] = [
  ...extraTexts,
  ...[...cookieErrorCatalog, ...outcomeErrorCatalog]
    .filter((entry: ErrorCatalogEntry) => entry.raisedBy === 'libvirt' || entry.raisedBy === 'qemu')
    // A template that is mostly placeholders would match anything.
    .filter((entry) => entry.message.replace(/%s/g, '').replace(/[^A-Za-z]/g, '').length >= 12)
    .map((entry) => ({ pattern: templatePattern(entry.message), code: entry.code })),
];

export function codeForMessage(message: string): string {
  return catalogue.find((row) => row.pattern.test(message))?.code ?? harnessOutcomeCodes.unknown;
}

/**
 * virsh prints `error: <libvirt message>` (after `error: operation failed...` lines); the libvirt
 * text, with the lines that continue it: a message can span lines (a name from a cookie with a
 * newline in it, libxml2's context line and caret under an XML error).
 */
export function virshError(stderr: string): string {
  const lines = stderr.replace(/\n+$/, '').split('\n');
  const last = lines.map((l) => l.startsWith('error: ')).lastIndexOf(true);
  if (last < 0) return stderr.trim();
  return lines.slice(last).join('\n').replace(/^error: /, '').trimEnd();
}

/** The text libvirt prefixes by error class (virErrorMsg), so that the core text can be found in the logs. */
function coreText(message: string): string {
  return message.replace(/^(internal error|operation failed|operation aborted|Requested operation is not valid|unsupported configuration|Operation not supported|invalid argument): /, '');
}

export interface OutcomeInputs {
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** When the harness gave up (ms after the start), to name the phase that was stuck then. */
  readonly timeoutAtMs?: number;
  readonly phases: readonly PhaseRun[];
  readonly errors: readonly LoggedError[];
  readonly qmp: readonly QmpCommand[];
}

/**
 * The phase a failure belongs to: the last phase begun (on either side, clean-ups apart) when
 * libvirt logged the same text; else the last phase that ran other than a clean-up (a Finish or
 * Confirm with cancelled set, which the driver calls after the failure,
 * virDomainMigrateVersion3Full); else Begin. The time, not the logging side's phase, decides: in
 * a p2p migration the source daemon relays the destination's refusal from inside its own Begin
 * (qemuMigrationSrcPerformPeer2Peer3 has no phase marker of its own), while the destination
 * logs some errors at debug level only (daemonErrorLogFilter: "no storage pool", "no domain").
 */
function failedPhase(message: string, inputs: OutcomeInputs): Phase {
  const core = coreText(message);
  const logged = inputs.errors.find((e) => e.phase !== null && core.length > 0 && (e.message.includes(core) || message.includes(e.message)));
  const working = inputs.phases.filter((p) => p.cancelled !== true);
  if (logged) return working.filter((p) => p.atMs <= logged.atMs).at(-1)?.phase ?? logged.phase ?? 'begin';
  return working.at(-1)?.phase ?? 'begin';
}

export function realOutcome(inputs: OutcomeInputs): RealOutcome {
  if (inputs.exitCode === 0 && !inputs.timedOut) {
    const mirrored = inputs.qmp.some((c) => c.side === 'source' && c.command === 'blockdev-mirror');
    return { result: 'completed', storage: mirrored ? 'nbd' : 'none' };
  }
  if (inputs.timedOut) {
    // Clean-up phases run after the harness gave up; the stuck phase is the last one begun before.
    const before = inputs.phases.filter((p) => inputs.timeoutAtMs === undefined || p.atMs <= inputs.timeoutAtMs);
    const phase = before.at(-1)?.phase ?? 'begin';
    return { result: 'failed', error: { code: harnessOutcomeCodes.timeout, message: 'virsh migrate did not finish within the run timeout', phase } };
  }
  const message = virshError(inputs.stderr);
  return { result: 'failed', error: { code: codeForMessage(message), message, phase: failedPhase(message, inputs) } };
}
