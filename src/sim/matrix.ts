// The fallback matrix: every pair of side profiles from a set of libvirt and QEMU versions, for
// each storage mode, simulated under a designer policy. Each row says how the migration ended
// and which of the five cases of the libvirt review (Eric Blake on the 1.0.3 NBD series,
// lists.libvirt.org message 25NDHRB3QKSHM4GXT776CI5PSX7GKPZ5; as 121d4cfb9a / 7b7600b3e6 handle them)
// the pair is: 1 old libvirt source, 2 new libvirt with too-old source QEMU, 3 new source to old
// libvirt destination, 4 new libvirt with old destination QEMU, 5 new to new.
import type { CopyStorage, MigrationMode, Phase, Protocol, StoragePath } from '../model/migration/types.js';
import { libvirtPolicy, type DesignerPolicy } from '../model/policy.js';
import { buildProfile, qemuTooOld, type SideProfile } from '../model/versions/profile.js';
import type { Version } from '../model/version.js';
import { simulateHandshake } from './handshake/run.js';
import { buildScenario, type Scenario } from './handshake/scenario.js';

export type ReviewCase = 1 | 2 | 3 | 4 | 5;

export const reviewCaseNames: Readonly<Record<ReviewCase, string>> = {
  1: 'old libvirt source',
  2: 'new libvirt with too-old source QEMU',
  3: 'new source to old libvirt destination',
  4: 'new libvirt with old destination QEMU',
  5: 'new to new',
};

/** Which review case a pair is, judged by what each side's libvirt and QEMU can do for NBD. */
export function reviewCase(source: SideProfile, target: SideProfile): ReviewCase {
  if (!source.behaviour.nbd || !source.behaviour.protocolV3) return 1;
  if (!source.qemuCaps.has('drive-mirror') && !source.qemuCaps.has('blockdev-mirror')) return 2;
  if (!target.behaviour.nbd || !target.behaviour.protocolV3) return 3;
  if (!target.qemuCaps.has('nbd-server')) return 4;
  return 5;
}

export interface MatrixRow {
  readonly source: string;
  readonly target: string;
  readonly copyStorage: CopyStorage;
  readonly protocol: Protocol;
  readonly result: 'completed' | 'failed';
  readonly storage: StoragePath;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly phase: Phase | null;
  readonly seedCase: ReviewCase | null;
  readonly findings: readonly string[];
}

export interface MatrixOptions {
  readonly libvirt: readonly Version[];
  readonly qemu: readonly Version[];
  readonly copyStorage: readonly CopyStorage[];
  readonly mode: MigrationMode;
  readonly policy: DesignerPolicy;
  readonly seed: number;
  /** Include pairs where a libvirt cannot run its QEMU at all (then they fail with qemu-too-old). */
  readonly includeUnsupported: boolean;
  /** A designer's peers in place of libvirt's (a plug-in), on every cell. */
  readonly peers?: Scenario['peers'];
}

/** Every side profile of the version sets, without the ones libvirt refuses to run unless asked. */
export function matrixProfiles(options: Pick<MatrixOptions, 'libvirt' | 'qemu' | 'includeUnsupported'>): SideProfile[] {
  const profiles: SideProfile[] = [];
  for (const libvirt of options.libvirt) {
    for (const qemu of options.qemu) {
      const built = buildProfile({ libvirt, qemu });
      if (built.ok && (options.includeUnsupported || !qemuTooOld(built.profile))) profiles.push(built.profile);
    }
  }
  return profiles;
}

export function runMatrixCell(source: SideProfile, target: SideProfile, copyStorage: CopyStorage,
  options: Pick<MatrixOptions, 'mode' | 'policy' | 'seed' | 'peers'>): MatrixRow {
  const run = simulateHandshake(buildScenario({
    source, target, copyStorage, mode: options.mode, policy: options.policy, seed: options.seed, ...(options.peers ? { peers: options.peers } : {}),
  }));
  return {
    source: source.name, target: target.name, copyStorage, protocol: run.protocol, result: run.outcome.result,
    storage: run.outcome.storage, errorCode: run.outcome.error?.code ?? null,
    errorMessage: run.outcome.error?.message ?? null, phase: run.outcome.error?.phase ?? null,
    seedCase: reviewCase(source, target), findings: run.findings.map((f) => f.invariant),
  };
}

export function runMatrix(options: MatrixOptions): MatrixRow[] {
  const profiles = matrixProfiles(options);
  const rows: MatrixRow[] = [];
  for (const source of profiles) {
    for (const target of profiles) {
      for (const copyStorage of options.copyStorage) rows.push(runMatrixCell(source, target, copyStorage, options));
    }
  }
  return rows;
}

/** The outcome of a cell in a few characters, for comparing and for grids. */
export function cellLabel(row: MatrixRow): string {
  return row.result === 'completed' ? row.storage : `✗ ${row.errorCode ?? '?'}`;
}

export interface MatrixChange {
  readonly row: MatrixRow;
  readonly baseline: MatrixRow;
}

/** Cells whose outcome (result, storage, error, failing phase or findings) differs between two runs. */
export function diffMatrix(baseline: readonly MatrixRow[], changed: readonly MatrixRow[]): MatrixChange[] {
  const key = (r: MatrixRow): string => `${r.source}|${r.target}|${r.copyStorage}`;
  const before = new Map(baseline.map((r) => [key(r), r]));
  const out: MatrixChange[] = [];
  for (const row of changed) {
    const base = before.get(key(row));
    if (!base) continue;
    const same = base.result === row.result && base.storage === row.storage && base.errorCode === row.errorCode
      && base.phase === row.phase && base.findings.join() === row.findings.join();
    if (!same) out.push({ row, baseline: base });
  }
  return out;
}

export const defaultMatrixOptions: Omit<MatrixOptions, 'libvirt' | 'qemu'> & { libvirt: string[]; qemu: string[] } = {
  libvirt: ['0.9.1', '1.0.2', '1.0.3', '1.2.11', '8.6.0', '9.0.0', '12.5.0'],
  qemu: ['1.2.0', '1.3.0', '7.2.0', '9.1.0'],
  copyStorage: ['all', 'inc', 'none'],
  mode: 'regular',
  policy: libvirtPolicy,
  seed: 1,
  includeUnsupported: false,
};
