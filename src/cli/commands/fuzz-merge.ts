// `migsim fuzz merge DIR...`: the shards of one campaign (CI jobs that ran `fuzz --shard K/N --out
// DIR`) as one report, one JUnit file and one corpus folder for the next campaign.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand, exits, option, type CommandSpec } from '../command.js';
import { jsonFlag, junitFlag, requireFlag } from '../fuzz-flags.js';
import { gatherCorpus, mergeShardsMax, mergeSummaries, readSummary, shardProblems } from '../fuzz-merge.js';
import { corpusDirName, summaryFileName, summaryText } from '../fuzz-output.js';
import { exitCode, reason, UsageError } from '../io.js';
import { checkWritableDir, checkWritableFile, makeDirs } from '../paths.js';
import { junitXml } from '../junit.js';
import { commandSummaries } from '../summaries.js';
import { text } from '../values.js';

const flags = {
  out: option('DIR', text('a folder'), `write the merged ${summaryFileName} and gather every shard's corpus entries into DIR/${corpusDirName}`),
  junit: junitFlag,
  require: requireFlag,
  json: jsonFlag,
};

export const fuzzMergeSpec: CommandSpec<typeof flags> = {
  name: 'fuzz merge',
  summary: commandSummaries['fuzz merge'],
  positionals: { synopsis: 'DIR...', min: 1, max: mergeShardsMax },
  description: `Reads DIR/${summaryFileName} of each shard (the --out of 'migsim fuzz --shard K/N'), adds the counts
up, merges coverage and known findings item by item and lists every failed case with its replay
command. A shard missing or given twice is said on standard error. With --out, the merged summary
is written there and the shards' corpus entries are gathered, once each, into DIR/${corpusDirName},
ready for the next campaign's --corpus.`,
  flags,
  exits: exits('no shard failed and required coverage was reached', 'a shard failed or required coverage was missed'),
  schema: 'fuzz',
};

export const fuzzMergeCommand = defineCommand(fuzzMergeSpec, async (values, dirs, io) => {
  if (values.out !== undefined) {
    await checkWritableDir(values.out, 'out');
    // Made now, so that --junit OUT/junit.xml is accepted.
    await makeDirs(values.out).catch((error: unknown) => {
      throw new UsageError(`--out: ${reason(error)}`, 'cannot-write');
    });
  }
  if (values.junit !== undefined) await checkWritableFile(values.junit, 'junit');
  const summaries = [];
  for (const dir of dirs) summaries.push(await readSummary(dir));
  const merged = mergeSummaries(summaries, values.require ?? null);
  for (const problem of shardProblems(merged)) io.err(`migsim fuzz merge: ${problem}\n`);
  if (values.out !== undefined) {
    try {
      await makeDirs(values.out);
      await writeFile(join(values.out, summaryFileName), JSON.stringify(merged, null, 2) + '\n');
      const entries = await gatherCorpus(dirs, values.out);
      io.err(`merged ${dirs.length} shard${dirs.length === 1 ? '' : 's'} into ${values.out}; ${entries} corpus entr${entries === 1 ? 'y' : 'ies'} in ${join(values.out, corpusDirName)}\n`);
    } catch (error) {
      throw new UsageError(`--out: cannot write under ${values.out}: ${reason(error)}`, 'cannot-write');
    }
  }
  if (values.junit !== undefined) await writeFile(values.junit, junitXml(merged)).catch((error: unknown) => io.err(`migsim fuzz merge: cannot write ${values.junit}: ${reason(error)}\n`));
  io.out(values.json ? JSON.stringify(merged, null, 2) + '\n' : summaryText(merged));
  return merged.failures > 0 || merged.missingCoverage.length > 0 ? exitCode.failed : exitCode.ok;
});
