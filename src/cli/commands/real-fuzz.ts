// `migsim real fuzz` and `migsim real replay`: the fuzzer's cookie mutators applied in flight
// on the real pair's p2p link, each case judged against the reference codec and the model
// (src/real/fuzz); a failing case written as a file that `migsim replay` runs in the simulator
// and `migsim real replay` on the pair. Exit 0 when every case passed and no harness error
// happened, 1 otherwise, 2 when the harness could not start.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDurationNs } from '../../model/units.js';
import type { DesignerPolicy } from '../../model/policy.js';
import { focuses, type Focus } from '../../real/fuzz/arbitrary.js';
import { realCaseFromJson, realCaseJson, realCaseName } from '../../real/fuzz/case-file.js';
import type { CaseResult } from '../../real/fuzz/campaign.js';
import { caseLine, summaryText, totals } from '../../real/fuzz/report.js';
import { exitCode, UsageError } from '../io.js';
import { harnessFailure, type RealContext } from './real-context.js';

export interface FuzzRequest {
  readonly seed: number;
  readonly timeMs: number | null;
  readonly runs: number | null;
  readonly policy: DesignerPolicy;
  readonly focus: Focus;
  readonly outDirectory: string;
}

export const defaultFuzzTimeMs = 60_000;
const runsMax = 1000;

export function fuzzBudget(time: string | undefined, runs: string | undefined): { timeMs: number | null; runs: number | null } {
  let timeMs: number | null = null;
  if (time !== undefined) {
    const parsed = parseDurationNs(time);
    if (!parsed.ok) throw new UsageError(`--time: ${parsed.error.message}`);
    timeMs = Math.round(parsed.value / 1e6);
    if (timeMs < 1000) throw new UsageError(`--time must be at least 1s (got ${time})`);
  }
  let count: number | null = null;
  if (runs !== undefined) {
    if (!/^\d+$/.test(runs) || Number(runs) < 1 || Number(runs) > runsMax) throw new UsageError(`--runs must be a whole number from 1 to ${runsMax} (got '${runs}')`);
    count = Number(runs);
  }
  return { timeMs: timeMs ?? (count === null ? defaultFuzzTimeMs : null), runs: count };
}

export function focusOption(text: string | undefined): Focus {
  if (text === undefined) return 'all';
  if ((focuses as readonly string[]).includes(text)) return text as Focus;
  throw new UsageError(`--focus must be one of ${focuses.join(', ')} (got '${text}')`);
}

async function writeCase(c: RealContext, directory: string, result: CaseResult): Promise<string | null> {
  if (result.caseFile === null) return null;
  await mkdir(directory, { recursive: true });
  const path = join(directory, realCaseName(result.caseFile, result.index));
  await writeFile(path, realCaseJson(result.caseFile));
  c.io.err(`    case file: ${path}\n      simulate it: npx migsim replay ${path}\n      on the pair: migsim real replay ${path}\n`);
  return path;
}

export async function fuzzAction(c: RealContext, request: FuzzRequest): Promise<number> {
  const files: string[] = [];
  const campaign = await c.harness.runFuzzCampaign({
    scratch: c.scratch, seed: request.seed, budget: { timeMs: request.timeMs, runs: request.runs }, policy: request.policy, focus: request.focus,
    onCase: async (result) => {
      if (!c.json) c.io.err(caseLine(result));
      const file = await writeCase(c, request.outDirectory, result);
      if (file !== null) files.push(file);
    },
  });
  if (!campaign.ok) return harnessFailure(c.io, campaign.error, c.json);
  const t = totals(campaign.value);
  const header = `real fuzz: seed ${request.seed}, policy ${request.policy.name}, focus ${request.focus}, libvirt ${campaign.value.provenance?.libvirtd ?? '?'}`;
  if (c.json) c.io.out(`${JSON.stringify({ ok: true, seed: request.seed, policy: request.policy.name, focus: request.focus, provenance: campaign.value.provenance, totals: t, caseFiles: files, cases: campaign.value.results }, null, 2)}\n`);
  else c.io.out(summaryText(t, header) + files.map((f) => `  case file: ${f}\n`).join(''));
  return t.failures === 0 && t.harnessErrors === 0 ? exitCode.ok : exitCode.failed;
}

export async function replayAction(c: RealContext, file: string): Promise<number> {
  let text: string;
  try {
    text = new TextDecoder().decode(await c.io.readBytes(file));
  } catch (error) {
    return harnessFailure(c.io, { code: 'record-invalid', message: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` }, c.json);
  }
  const parsed = realCaseFromJson(file, text);
  if (!parsed.ok) return harnessFailure(c.io, parsed.error, c.json);
  const replayed = await c.harness.replayRealCase(c.scratch, parsed.value);
  if (!replayed.ok) return harnessFailure(c.io, replayed.error, c.json);
  const result = replayed.value;
  const reproduces = result.harnessError !== null || result.judgement?.failure !== null;
  if (c.json) c.io.out(`${JSON.stringify({ ok: true, reproduces, recorded: parsed.value.real.judgement, replayed: result }, null, 2)}\n`);
  else c.io.out(`${caseLine(result)}${reproduces ? 'the failure reproduces on the real pair\n' : 'the case passes now\n'}`);
  return reproduces ? exitCode.failed : exitCode.ok;
}
