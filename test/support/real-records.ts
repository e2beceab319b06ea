// The real pair's records (corpus/real/*.json, libvirt 9.0.0 / QEMU 7.2, docs/real.md) for the
// tests that hold the model to them, and the simulated libvirt 9.0 / QEMU 7.2 pair they compare with.
import { parseSideSpec, type SideProfile } from '../../src/model/versions/profile.js';
import type { Phase } from '../../src/model/migration/types.js';
import type { RealRecord } from '../../src/real/record.js';
import { readProjectFile } from './corpus.js';

export function realRecord(name: string): RealRecord {
  return JSON.parse(readProjectFile(`corpus/real/${name}.json`)) as RealRecord;
}

/** The cookie a phase of the real run sent (the first, not a clean-up), or ''. */
export function realCookieSent(record: RealRecord, phase: Phase): string {
  return record.phases.find((p) => p.phase === phase && p.cancelled !== true)?.cookieSent?.xml ?? '';
}

function profile(spec: string): SideProfile {
  const parsed = parseSideSpec(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.profile;
}

/** A simulated pair as the real one: libvirt 9.0.0 and QEMU 7.2 on both sides. */
export const realPair = { source: profile('libvirt=9.0.0,qemu=7.2.0'), target: profile('libvirt=9.0.0,qemu=7.2.0') };
