// `migsim real fuzz`: the fuzzer's cookie mutators applied in flight on the real pair's p2p link,
// each case judged against the reference codec and the model (src/real/fuzz); a failing case
// written as a file that `migsim replay` runs in the simulator and `migsim real replay` on the
// pair. Exit 0 when every case passed and no harness error happened, 1 otherwise, 2 when the
// harness could not start.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { focuses } from '../../real/fuzz/arbitrary.js';
import { realCaseJson, realCaseName } from '../../real/fuzz/case-file.js';
import type { CaseResult } from '../../real/fuzz/campaign.js';
import { caseLine, summaryText, totals } from '../../real/fuzz/report.js';
import { option, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import { checkWritableDir } from '../paths.js';
import { dirFlag, programFlags, realExits } from '../real-flags.js';
import { policyFlag, policyOption, seedFlag } from '../scenario-flags.js';
import type { RealFuzzJson } from '../schemas/real-fuzz.js';
import { commandSummaries } from '../summaries.js';
import { boundedDuration, choice, count, text } from '../values.js';
import { harnessFailure, pairContext, realAction, type RealContext } from './real-context.js';

const defaultFuzzTimeMs = 60_000;
const runsMax = 1000;
const defaultOutDirectory = 'artifacts/real-fuzz';

const flags = {
  dir: dirFlag,
  // A case takes seconds on the pair: less than a second of budget could start none.
  time: option('DURATION', boundedDuration(1e9), `stop starting cases after this long (default ${defaultFuzzTimeMs / 1000}s unless --runs is given)`),
  runs: option('N', count(1, runsMax), 'at most N cases'),
  seed: seedFlag,
  policy: policyFlag,
  focus: option('FOCUS', choice(focuses), 'all | nbd-port: only the <nbd> port of the Begin or Prepare cookie, set to edge values (default all)'),
  'out-dir': option('DIR', text('a folder'), `where the case files of failing cases go (default ${defaultOutDirectory})`),
  ...programFlags,
  json: toggle('print the campaign (totals, case files, every case) as one JSON object'),
};

export const realFuzzSpec: CommandSpec<typeof flags> = {
  name: 'real fuzz',
  summary: commandSummaries['real fuzz'],
  positionals: null,
  description: `Puts the RPC proxy on the p2p link and changes the Begin, Prepare or Perform cookie in flight with
the fuzzer's mutators; each case starts from a clean reset, is bounded in time, and is judged: the
receiver's verdict against the reference codec (--policy libvirt or strict), and the invariants on
the real hosts against the model's prediction for the same case. A failing case is written to
--out-dir, with the commands that replay it in the simulator (migsim replay) and on the pair
(migsim real replay).`,
  flags,
  exits: realExits('every case passed', 'a case failed, or a case met a harness error'),
  schema: 'real-fuzz',
};

async function writeCase(c: RealContext, directory: string, result: CaseResult): Promise<string | null> {
  if (result.caseFile === null) return null;
  await mkdir(directory, { recursive: true });
  const path = join(directory, realCaseName(result.caseFile, result.index));
  await writeFile(path, realCaseJson(result.caseFile));
  c.io.err(`    case file: ${path}\n      simulate it: npx migsim replay ${path}\n      on the pair: migsim real replay ${path}\n`);
  return path;
}

export const realFuzzCommand = realAction(realFuzzSpec, async (values, _positionals, io, deps) => {
  const seed = values.seed ?? 1;
  const policy = await policyOption(values.policy, io);
  const focus = values.focus ?? 'all';
  const runs = values.runs ?? null;
  const timeMs = values.time !== undefined ? Math.round(values.time / 1e6) : runs === null ? defaultFuzzTimeMs : null;
  const outDirectory = values['out-dir'] ?? defaultOutDirectory;
  // A failing case found after minutes must not be lost to a folder that cannot be written.
  await checkWritableDir(outDirectory, 'out-dir');
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const files: string[] = [];
  const campaign = await c.harness.runFuzzCampaign({
    scratch: c.scratch, seed, budget: { timeMs, runs }, policy, focus,
    onCase: async (result) => {
      if (!c.json) c.io.err(caseLine(result));
      const file = await writeCase(c, outDirectory, result);
      if (file !== null) files.push(file);
    },
  });
  if (!campaign.ok) return harnessFailure(c.io, campaign.error, c.json);
  const t = totals(campaign.value);
  const header = `real fuzz: seed ${seed}, policy ${policy.name}, focus ${focus}, libvirt ${campaign.value.provenance?.libvirtd ?? '?'}`;
  if (c.json) {
    const json: RealFuzzJson = { ok: true, seed, policy: policy.name, focus, provenance: campaign.value.provenance, totals: t, caseFiles: files, cases: campaign.value.results };
    c.io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else c.io.out(summaryText(t, header) + files.map((f) => `  case file: ${f}\n`).join(''));
  return t.failures === 0 && t.harnessErrors === 0 ? exitCode.ok : exitCode.failed;
});
