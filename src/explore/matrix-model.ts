// The matrix for the explorer: the profiles and cells of `migsim matrix` (src/sim/matrix.ts) for
// one storage mode, computed a slice at a time so that the page stays responsive (about 500
// runs take half a second), and compared with the libvirt policy so that the cells a designer
// policy changes can be marked.
import type { CopyStorage, MigrationMode } from '../model/migration/types.js';
import { libvirtPolicy, type DesignerPolicy } from '../model/policy.js';
import { samePolicy } from './policy-spec.js';
import { parseLibvirtRelease, parseQemuRelease } from '../model/versions/releases.js';
import type { SideProfile } from '../model/versions/profile.js';
import type { Version } from '../model/version.js';
import { defaultMatrixOptions, diffMatrix, matrixProfiles, runMatrixCell, type MatrixRow } from '../sim/matrix.js';

export interface MatrixRequest {
  readonly storage: CopyStorage;
  readonly mode: MigrationMode;
  readonly policy: DesignerPolicy;
  readonly seed: number;
}

export interface MatrixTable {
  readonly profiles: readonly SideProfile[];
  /** Keyed `source|target`. */
  readonly cells: ReadonlyMap<string, MatrixRow>;
  /** The libvirt-policy cell for every cell that differs from it. */
  readonly changed: ReadonlyMap<string, MatrixRow>;
}

export const cellKey = (source: string, target: string): string => `${source}|${target}`;

function versions(list: readonly string[], parse: typeof parseLibvirtRelease): Version[] {
  return list.flatMap((text) => {
    const parsed = parse(text);
    return parsed.ok ? [parsed.version] : [];
  });
}

export function explorerProfiles(): SideProfile[] {
  return matrixProfiles({
    libvirt: versions(defaultMatrixOptions.libvirt, parseLibvirtRelease),
    qemu: versions(defaultMatrixOptions.qemu, parseQemuRelease),
    includeUnsupported: defaultMatrixOptions.includeUnsupported,
  });
}

const sliceMs = 30;
const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Every cell under one policy; null when `cancelled()` turned true on the way. */
async function cellsUnder(profiles: readonly SideProfile[], request: MatrixRequest, policy: DesignerPolicy,
  progress: (done: number) => void, cancelled: () => boolean): Promise<MatrixRow[] | null> {
  const rows: MatrixRow[] = [];
  let sliceStart = performance.now();
  for (const source of profiles) {
    for (const target of profiles) {
      rows.push(runMatrixCell(source, target, request.storage, { mode: request.mode, policy, seed: request.seed }));
      if (performance.now() - sliceStart < sliceMs) continue;
      progress(rows.length);
      await yieldToPage();
      if (cancelled()) return null;
      sliceStart = performance.now();
    }
  }
  return rows;
}

export async function computeMatrix(request: MatrixRequest, progress: (fraction: number) => void, cancelled: () => boolean): Promise<MatrixTable | null> {
  const profiles = explorerProfiles();
  const isBaseline = samePolicy(request.policy, libvirtPolicy);
  const runs = profiles.length ** 2 * (isBaseline ? 1 : 2);
  const rows = await cellsUnder(profiles, request, request.policy, (n) => progress(n / runs), cancelled);
  if (!rows) return null;
  const baseline = isBaseline ? rows
    : await cellsUnder(profiles, request, libvirtPolicy, (n) => progress((rows.length + n) / runs), cancelled);
  if (!baseline) return null;
  const changed = new Map(diffMatrix(baseline, rows).map((c) => [cellKey(c.row.source, c.row.target), c.baseline]));
  return { profiles, cells: new Map(rows.map((r) => [cellKey(r.source, r.target), r])), changed };
}
