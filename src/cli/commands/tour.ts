// `migsim tour` (what `npm start` runs): the five fallback cases from the review of libvirt's NBD
// series, as libvirt 1.0.3 shipped them and as today's libvirt behaves, then the matrix summary.
import { outcomeSentence } from '../../render/handshake.js';
import { matrixSummary, matrixSummaryJson } from '../../render/matrix.js';
import { tourRunJson, type TourJson } from '../../render/tour.js';
import { parseSideSpec, type SideProfile } from '../../model/versions/profile.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import { buildScenario } from '../../sim/handshake/scenario.js';
import { defaultMatrixOptions, runMatrix } from '../../sim/matrix.js';
import { reviewPairs } from '../../sim/review-cases.js';
import { parseLibvirtRelease, parseQemuRelease } from '../../model/versions/releases.js';
import type { Version } from '../../model/version.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import { defineCommand, exits, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import { commandSummaries } from '../summaries.js';

const flags = { json: toggle('print the cases and the matrix summary as one JSON object') };

export const tourSpec: CommandSpec<typeof flags> = {
  name: 'tour',
  summary: commandSummaries.tour,
  positionals: null,
  description: `The five fallback cases from the review of libvirt's NBD storage-migration series (2013),
each as libvirt 1.0.3 shipped it and with today's libvirt, then the whole matrix in counts and
the commands to go further. What 'npm start' runs.`,
  flags,
  exits: exits('the tour was printed', null),
  schema: 'tour',
};

function profile(spec: string): SideProfile {
  const parsed = parseSideSpec(spec);
  if (!parsed.ok) throw new Error(`tour profile ${spec}: ${parsed.message}`);
  return parsed.profile;
}

function run([source, target]: readonly [string, string]): HandshakeResult {
  return simulateHandshake(buildScenario({ source: profile(source), target: profile(target), copyStorage: 'all' }));
}

function pairLine(label: string, [source, target]: readonly [string, string], result: HandshakeResult): string[] {
  const findings = result.findings.length > 0 ? `\n            finding: ${result.findings.map((f) => f.message).join('; ')}` : '';
  return [`   ${label.padEnd(6)} ${source} → ${target}`, `            ${outcomeSentence(result)}${findings}`];
}

function versionList(items: readonly string[], parseOne: typeof parseLibvirtRelease): Version[] {
  return items.map((item) => {
    const parsed = parseOne(item);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.version;
  });
}

export const tourCommand = defineCommand(tourSpec, async (values, _positionals, io) => {
  const runs = reviewPairs.map((item) => ({ item, then: run(item.then), today: run(item.today) }));
  const options = {
    ...defaultMatrixOptions,
    libvirt: versionList(defaultMatrixOptions.libvirt, parseLibvirtRelease),
    qemu: versionList(defaultMatrixOptions.qemu, parseQemuRelease),
  };
  const rows = runMatrix(options);
  if (values.json) {
    const json: TourJson = {
      cases: runs.map(({ item, then, today }) => ({ seedCase: item.seedCase, name: item.name, then: tourRunJson(item.then, then), today: tourRunJson(item.today, today), note: item.todayNote ?? null })),
      matrix: matrixSummaryJson(rows),
    };
    io.out(JSON.stringify(json, null, 2) + '\n');
    return exitCode.ok;
  }
  const lines = [
    'migsim — libvirt\'s live-migration handshake, simulated',
    '',
    'When source and destination disagree about NBD, does storage migration fall back correctly?',
    'The five cases from the review of libvirt\'s NBD storage-migration series (2013), with',
    '--copy-storage-all: first as libvirt 1.0.3 shipped, then with today\'s libvirt (12.5.0).',
    '',
  ];
  for (const { item, then, today } of runs) {
    lines.push(`${item.seedCase}. ${item.name}`);
    lines.push(...pairLine('2013', item.then, then), ...pairLine('today', item.today, today));
    if (item.todayNote) lines.push(`            (${item.todayNote})`);
    lines.push('');
  }
  lines.push(`The whole matrix: libvirt ${defaultMatrixOptions.libvirt.join(', ')} × QEMU ${defaultMatrixOptions.qemu.join(', ')} on both sides,`,
    'storage modes all, inc and none, policy libvirt:');
  io.out(lines.join('\n') + '\n');
  io.out(matrixSummary(rows));
  io.out([
    '',
    'Next steps:',
    '  npx migsim explain                                  one migration in plain words',
    '  npx migsim simulate --source libvirt=1.2.0,qemu=1.3.0 --destination libvirt=1.0.2,qemu=1.3.0 --copy-storage all',
    '  npx migsim matrix                                   the full grid',
    '  npx migsim matrix --policy strict --diff-policy     what the hardened policy changes',
    '  npx migsim cookie check FILE --phase prepare        read a cookie as libvirt would',
    '',
  ].join('\n'));
  return exitCode.ok;
});
