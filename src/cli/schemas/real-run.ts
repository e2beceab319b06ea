// `migsim real run --json`: the record of one migration on the real pair (RealRecord,
// src/real/record.ts), which `--out` writes and corpus/real/*.json keeps: the scenario and virsh
// command, the outcome in the simulator's terms, and what the daemons' logs, QEMU and the disks
// showed. docs/real.md ("The record") says what each part means.
import { z } from 'zod';
import { recordFormat, type RealRecord } from '../../real/record.js';
import { count, milliseconds, phase, runError, type Assert, type Describes, type JsonOf } from './common.js';
import { confirmRun, orHarnessFailure, provenanceSchema, realScenarioSchema, realSide } from './real.js';

/** By the daemons' log clocks, so not bounded below. */
const atMs = z.number().describe('milliseconds after virsh migrate started');
const loggedPhase = phase.nullable().describe('the phase running on that side then, or null');

const loggedCookie = z.strictObject({
  lengthBytes: count.describe("libvirt's cookielen, the trailing NUL included"),
  xml: z.string(),
  complete: z.boolean().describe('whether the log kept the whole cookie (cookielen - 1 bytes)'),
});

const phaseRun = z.strictObject({
  phase,
  side: realSide,
  atMs,
  cookieParsed: loggedCookie.nullable(),
  cookieSent: loggedCookie.nullable(),
  cancelled: z.boolean().nullable().describe('run to clean up after a failure (Confirm cancelled=1, Finish retcode != 0); null: not logged'),
});

const endState = z.strictObject({
  domain: z.string().describe('virsh domstate (running, paused, shut off...), absent, or unknown: <virsh error>'),
  persistent: z.boolean().nullable(),
  blockJobs: z.array(z.unknown()).nullable().describe("QMP query-block-jobs' list; null when the guest is not active there"),
  blockExports: z.array(z.unknown()).nullable().describe("QMP query-block-exports' list; null when the guest is not active there"),
  listeningPorts: z.array(z.strictObject({ port: z.number().int().min(1).max(65535), process: z.string() })).describe('TCP ports some process other than libvirtd listens on'),
});

export const realRecordSchema = z.strictObject({
  format: z.literal(recordFormat),
  provenance: provenanceSchema,
  scenario: realScenarioSchema,
  virshArgv: z.array(z.string()).describe('the arguments after virsh -c <source URI>'),
  outcome: z.discriminatedUnion('result', [
    z.strictObject({ result: z.literal('completed'), storage: z.enum(['nbd', 'none']) }),
    z.strictObject({ result: z.literal('failed'), error: runError.describe("the project's code where a catalogue has libvirt's text, else libvirt-error; run-timeout when the harness aborted") }),
  ]),
  phases: z.array(phaseRun).describe('each phase as it began on its side, in order'),
  confirm: confirmRun,
  qmp: z.array(z.strictObject({
    side: realSide, phase: loggedPhase, atMs, command: z.string(), arguments: z.unknown(),
    raw: z.string().optional().describe('the command as logged, when it has integers beyond 2^53'),
  })).describe('QMP commands sent to QEMU, query-* and qom-* left out'),
  events: z.array(z.strictObject({ side: realSide, phase: loggedPhase, atMs, event: z.string(), data: z.unknown() })),
  errors: z.array(z.strictObject({ side: realSide, phase: loggedPhase, atMs, function: z.string(), message: z.string() })).describe('error-level entries of both logs'),
  virsh: z.strictObject({ exitCode: z.number().int().nullable(), stdout: z.string(), stderr: z.string(), timedOut: z.boolean(), killed: z.boolean() }),
  abort: z.strictObject({
    point: z.enum(['begin', 'prepare', 'perform', 'mirror', 'finish', 'timeout']),
    triggered: z.boolean().describe('whether the point was seen in the log (always for a timeout)'),
    afterMs: milliseconds.nullable(),
    result: z.string().nullable().describe("domjobabort's result: ok, or its error"),
  }).nullable(),
  rpc: z.strictObject({
    events: z.array(z.strictObject({
      atMs: milliseconds, connection: count, point: z.enum(['begin', 'prepare', 'perform', 'finish']), procedure: count, direction: z.enum(['call', 'reply']),
      cookieBefore: z.string(), cookieAfter: z.string().nullable().describe('the cookie sent instead; null: left unchanged'),
    })),
    errors: z.array(z.string()),
    frames: count,
  }).nullable().describe('what the RPC proxy saw and changed (--rewrite); null without the proxy'),
  end: z.strictObject({ source: endState, target: endState }),
  disks: z.array(z.strictObject({
    name: z.string(),
    copyRequested: z.boolean().describe('whether the scenario asks to copy it'),
    comparison: z.enum(['identical', 'different', 'missing', 'error']).describe('qemu-img compare of the two sides\' files'),
    detail: z.string(),
  })),
  durationMs: milliseconds.describe('the migration command'),
  timings: z.strictObject({ preparedMs: milliseconds, migrateMs: milliseconds, settleMs: milliseconds, totalMs: milliseconds })
    .describe('reset, disks and guest start; the migration; the wait for both daemons\' jobs to end; the whole run'),
});

export const realRunSchema = orHarnessFailure(realRecordSchema);

export type RealRunJson = JsonOf<typeof realRunSchema>;

type _Exact = Assert<Describes<typeof realRecordSchema, RealRecord>>;
