// Runs a `migsim real` action in-process as main does, with the machine probe and the harness
// injected (RealDeps, src/cli/commands/real-context.ts) and what it prints captured: the tests
// of the real actions need no root and no libvirt.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { realCommand, type RealDeps } from '../../src/cli/commands/real.js';
import type { MachineProbe } from '../../src/real/preconditions.js';
import { projectRoot } from './corpus.js';

/** A machine that is root and has every program. */
export const everything: MachineProbe = { uid: 0, find: (name) => `/usr/bin/${name}`, executable: () => true };

export interface RealRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Files named relative to the project root, as the tests name corpus files. */
export const projectFiles = async (path: string): Promise<Uint8Array> => new Uint8Array(await readFile(path.startsWith('/') ? path : join(projectRoot, path)));

export async function runReal(args: readonly string[], deps: RealDeps, readBytes: (path: string) => Promise<Uint8Array> = projectFiles): Promise<RealRun> {
  let out = '';
  let err = '';
  const io = { out: (text: string) => void (out += text), err: (text: string) => void (err += text), readBytes, interactive: false, env: {} };
  const code = await realCommand(args, io, deps);
  return { code, out, err };
}
