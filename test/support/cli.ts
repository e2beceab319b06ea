// Runs the migsim CLI in-process with captured output, and (for the launcher itself) as a child
// process the way a user runs it.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './corpus.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: readonly string[], stdin?: string | Uint8Array, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    readBytes: async (path) => {
      if (path === '-') return typeof stdin === 'string' ? new TextEncoder().encode(stdin) : (stdin ?? new Uint8Array());
      return new Uint8Array(await readFile(path.startsWith('/') ? path : join(projectRoot, path)));
    },
    interactive: false,
    env,
  });
  return { code, stdout, stderr };
}

export function spawnCli(args: readonly string[], input?: string): CliRun {
  const result = spawnSync(process.execPath, [join(projectRoot, 'bin/migsim.js'), ...args], { input, encoding: 'utf8', cwd: projectRoot });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
