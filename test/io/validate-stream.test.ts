// Goal: the block-stream model predicts real copies within 15 % where the round trip, not the
// CPU, sets the pace (issue 6 item 4). Method: run `migsim validate-stream --json` as CI does: a
// headless QEMU blockdev-mirror and migsim's own client into nbdkit with the delay filter, each
// case also simulated; every latency-bound row must be within tolerance and the command must
// exit 0. On failure the table is printed. Skips when nbdkit or QEMU is missing, except CI=true.
import { describe, expect, it } from 'vitest';
import { formatTable, validateStreamCommand } from '../../src/cli/commands/validate-stream.js';
import type { CliIo } from '../../src/cli/io.js';
import { livePeerPids } from '../../src/io/peers/process.js';
import type { ValidationRow } from '../../src/io/peers/stream-validation.js';
import { requirePrograms } from '../support/programs.js';

function memoryIo(env: Record<string, string | undefined> = process.env): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', interactive: false, env,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readBytes: async () => new Uint8Array(0),
  };
  return io;
}

describe('migsim validate-stream', () => {
  it('keeps the model within 15 % of real QEMU and of migsim on the latency-bound cases', async (context) => {
    requirePrograms(['nbdkit', 'qemu-system-x86_64'], context);
    const io = memoryIo();
    const code = await validateStreamCommand(['--json'], io);
    const report = JSON.parse(io.stdout) as { ok: boolean; rows: ValidationRow[] };
    const table = formatTable(report.rows, 15, report.rows.filter((r) => r.verdict === 'outside' || r.verdict === 'failed').length);
    expect(report.rows.filter((r) => r.verdict === 'failed'), table).toEqual([]);
    expect(new Set(report.rows.map((r) => r.copier))).toEqual(new Set(['qemu', 'migsim']));
    const asserted = report.rows.filter((r) => r.asserted);
    expect(asserted.length, table).toBeGreaterThanOrEqual(4);
    expect(asserted.filter((r) => r.verdict !== 'within').map((r) => `${r.caseName}/${r.copier}: ${r.ratio?.toFixed(2)}`), table).toEqual([]);
    expect(code).toBe(0);
    expect(livePeerPids()).toEqual([]);
  }, 180_000);

  it('exits 2 with the package name when nbdkit is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const io = memoryIo();
      expect(await validateStreamCommand([], io)).toBe(2);
      expect(io.stderr).toMatch(/nbdkit is not installed \(Debian package nbdkit\)/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
