// `migsim matrix`: every combination of libvirt and QEMU versions on both sides and every
// storage mode, with the five review cases marked; `--policy` shows what a designer policy
// changes against libvirt's behaviour, `--diff-policy` only the cells it changes.
import type { CopyStorage } from '../../model/migration/types.js';
import { libvirtPolicy } from '../../model/policy.js';
import { applyPlugin } from '../../fuzz/plugin.js';
import { peerFlag, peerFrom } from '../peer-option.js';
import { parseLibvirtRelease, parseQemuRelease } from '../../model/versions/releases.js';
import type { Version } from '../../model/version.js';
import { matrixCsv, matrixGrid, matrixJson, matrixMarkdown, matrixSummary, type MatrixView } from '../../render/matrix.js';
import { defaultMatrixOptions, diffMatrix, runMatrix, type MatrixOptions } from '../../sim/matrix.js';
import { defineCommand, exits, option, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import { modeFlag, policyFlag, policyOption, seedFlag } from '../scenario-flags.js';
import { commandSummaries } from '../summaries.js';
import { list, type Read } from '../values.js';

function release(parseOne: typeof parseLibvirtRelease): (item: string) => Read<Version> {
  return (item) => {
    const parsed = parseOne(item);
    return parsed.ok ? { ok: true, value: parsed.version } : { ok: false, why: `is not a known release (${parsed.message})` };
  };
}

/** The default releases: migsim's own list, so a release it does not know is our bug. */
function defaults(items: readonly string[], parseOne: typeof parseLibvirtRelease): Version[] {
  return items.map((item) => {
    const read = release(parseOne)(item);
    if (!read.ok) throw new Error(`default release ${item} ${read.why}`);
    return read.value;
  });
}

const storageModes: readonly CopyStorage[] = ['all', 'inc', 'none'];

const flags = {
  libvirt: option('LIST', list('libvirt releases such as 1.0.3,9.0.0', release(parseLibvirtRelease)), `libvirt releases on both sides (default ${defaultMatrixOptions.libvirt.join(',')})`),
  qemu: option('LIST', list('QEMU releases such as 1.3.0,7.2.0', release(parseQemuRelease)), `QEMU releases on both sides (default ${defaultMatrixOptions.qemu.join(',')})`),
  'copy-storage': option('LIST', list('storage modes all, inc, none', (item) => ((storageModes as readonly string[]).includes(item) ? { ok: true, value: item as CopyStorage } : { ok: false, why: 'is not all, inc or none' })),
    'storage modes, e.g. all,inc (default all,inc,none)'),
  mode: modeFlag,
  policy: { ...policyFlag, help: 'run under a designer policy and mark the cells that differ from libvirt\'s behaviour' },
  peer: { ...peerFlag, help: 'run every cell with a designer\'s PeerPlugin and mark the cells where it differs from libvirt\'s own peers (under the same --policy)' },
  'diff-policy': toggle('print only the cells the policy (or the --peer) changes, with libvirt\'s cell beside each'),
  seed: seedFlag,
  'include-unsupported': toggle('also pair a libvirt with a QEMU it refuses to run'),
  json: toggle('print the rows as one JSON object'),
  markdown: toggle('print the rows as a Markdown table'),
  csv: toggle('print the rows as CSV'),
};

export const matrixSpec: CommandSpec<typeof flags> = {
  name: 'matrix',
  summary: commandSummaries.matrix,
  positionals: null,
  description: `Simulates every pair of side profiles built from the libvirt and QEMU releases for each
storage mode, and prints the outcome of each cell. seedCase 1-5 marks the five cases of the libvirt
review of NBD storage migration (1 old libvirt source, 2 new libvirt with too-old source QEMU, 3 new
source to old libvirt destination, 4 new libvirt with old destination QEMU, 5 new to new).`,
  flags,
  exits: exits('the matrix was printed', null),
  schema: 'matrix',
  check: (values) => ([values.json, values.markdown, values.csv].filter(Boolean).length > 1 ? '--json, --markdown and --csv each choose the output; give one' : null),
};

export const matrixCommand = defineCommand(matrixSpec, async (values, _positionals, io) => {
  const given = await policyOption(values.policy, io);
  const plugin = values.peer === undefined ? null : (await peerFrom(values.peer, io, 'peer')).plugin;
  const applied = applyPlugin(plugin);
  const policy = applied.adjust(given);
  const options: MatrixOptions = {
    libvirt: values.libvirt ?? defaults(defaultMatrixOptions.libvirt, parseLibvirtRelease),
    qemu: values.qemu ?? defaults(defaultMatrixOptions.qemu, parseQemuRelease),
    copyStorage: values['copy-storage'] ?? defaultMatrixOptions.copyStorage,
    mode: values.mode ?? 'regular',
    policy, seed: values.seed ?? 1, includeUnsupported: values['include-unsupported'], peers: applied.peers,
  };
  const rows = runMatrix(options);
  // With a plug-in, the baseline is libvirt's own peers under the same --policy, so that the
  // cells that change are the plug-in's doing; without one, libvirt's policy.
  const compared = plugin !== null || values.policy !== undefined || values['diff-policy'];
  const baseline: MatrixOptions = plugin !== null ? { ...options, policy: given, peers: {} } : { ...options, policy: libvirtPolicy };
  const changes = compared ? diffMatrix(runMatrix(baseline), rows) : null;
  const shown = values['diff-policy'] && changes ? changes.map((c) => c.row) : rows;
  const view: MatrixView = {
    rows: shown, changes, policy: policy.name, peer: plugin?.name ?? null,
    baseline: plugin !== null ? `libvirt's peers, policy ${given.name}` : 'libvirt policy',
  };
  if (values.json) io.out(JSON.stringify(matrixJson(view), null, 2) + '\n');
  else if (values.markdown) io.out(matrixMarkdown(view));
  else if (values.csv) io.out(matrixCsv(view));
  else {
    io.out(values['diff-policy'] ? matrixMarkdown(view) : matrixGrid(view));
    io.out('\n' + matrixSummary(rows));
    if (changes && plugin !== null) io.out(`peer plug-in '${plugin.name}' changes ${changes.length} of ${rows.length} cells against libvirt's own peers (policy ${given.name})\n`);
    else if (changes) io.out(`policy ${policy.name} changes ${changes.length} of ${rows.length} cells against libvirt's behaviour\n`);
  }
  return exitCode.ok;
});
