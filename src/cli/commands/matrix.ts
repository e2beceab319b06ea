// `migsim matrix`: every combination of libvirt and QEMU versions on both sides and every
// storage mode, with the five review cases marked; `--policy` shows what a designer policy
// changes against libvirt's behaviour, `--diff-policy` only the cells it changes.
import type { CopyStorage, MigrationMode } from '../../model/migration/types.js';
import { libvirtPolicy } from '../../model/policy.js';
import { parseLibvirtRelease, parseQemuRelease } from '../../model/versions/releases.js';
import type { Version } from '../../model/version.js';
import { matrixCsv, matrixGrid, matrixJson, matrixMarkdown, matrixSummary, type MatrixView } from '../../render/matrix.js';
import { defaultMatrixOptions, diffMatrix, runMatrix, type MatrixOptions } from '../../sim/matrix.js';
import { oneOf, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';
import { policyOption, seedOption } from '../scenario-options.js';

export const matrixUsage = `usage: migsim matrix [--json | --markdown | --csv] [--policy SPEC] [--diff-policy]
                     [--libvirt LIST] [--qemu LIST] [--copy-storage LIST] [--mode MODE] [--seed N]
                     [--include-unsupported]

Simulates every pair of side profiles built from the libvirt and QEMU versions (default libvirt
${defaultMatrixOptions.libvirt.join(',')}; QEMU ${defaultMatrixOptions.qemu.join(',')}) for each storage mode, and prints
the outcome of each cell. seedCase 1-5 marks the five cases of the libvirt review of NBD
storage migration (1 old libvirt source, 2 new libvirt with too-old source QEMU, 3 new source to
old libvirt destination, 4 new libvirt with old destination QEMU, 5 new to new).

  --policy SPEC|@FILE   run under a designer policy and mark the cells that differ from libvirt's
  --diff-policy         print only the cells the policy changes
  --include-unsupported also pair a libvirt with a QEMU it refuses to run
`;

function versions(text: string | undefined, fallback: readonly string[], parseOne: typeof parseLibvirtRelease, flag: string): Version[] {
  return (text?.split(',') ?? [...fallback]).map((item) => {
    const parsed = parseOne(item.trim());
    if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
    return parsed.version;
  });
}

export async function matrixCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.out(matrixUsage);
    return exitCode.ok;
  }
  const { values } = parse(args, {
    json: { type: 'boolean' }, markdown: { type: 'boolean' }, csv: { type: 'boolean' }, policy: { type: 'string' },
    'diff-policy': { type: 'boolean' }, libvirt: { type: 'string' }, qemu: { type: 'string' }, 'copy-storage': { type: 'string' },
    mode: { type: 'string' }, seed: { type: 'string' }, 'include-unsupported': { type: 'boolean' },
  }, 0);
  const policy = await policyOption(values.policy, io);
  const options: MatrixOptions = {
    libvirt: versions(values.libvirt, defaultMatrixOptions.libvirt, parseLibvirtRelease, '--libvirt'),
    qemu: versions(values.qemu, defaultMatrixOptions.qemu, parseQemuRelease, '--qemu'),
    copyStorage: (values['copy-storage']?.split(',') ?? defaultMatrixOptions.copyStorage).map((m) => oneOf<CopyStorage>(m, ['all', 'inc', 'none'], '--copy-storage', 'all')),
    mode: oneOf<MigrationMode>(values.mode, ['regular', 'p2p', 'tunnelled'], '--mode', 'regular'),
    policy, seed: seedOption(values.seed), includeUnsupported: values['include-unsupported'] ?? false,
  };
  const rows = runMatrix(options);
  const compared = values.policy !== undefined || values['diff-policy'];
  const changes = compared ? diffMatrix(runMatrix({ ...options, policy: libvirtPolicy }), rows) : null;
  const shown = values['diff-policy'] && changes ? changes.map((c) => c.row) : rows;
  const view: MatrixView = { rows: shown, changes, policy: policy.name };
  if (values.json) io.out(JSON.stringify(matrixJson(view), null, 2) + '\n');
  else if (values.markdown) io.out(matrixMarkdown(view));
  else if (values.csv) io.out(matrixCsv(view));
  else {
    io.out(values['diff-policy'] ? matrixMarkdown(view) : matrixGrid(view));
    io.out('\n' + matrixSummary(rows));
    if (changes) io.out(`policy ${policy.name} changes ${changes.length} of ${rows.length} cells against libvirt's behaviour\n`);
  }
  return exitCode.ok;
}
