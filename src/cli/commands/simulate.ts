// `migsim simulate` and `migsim explain`: one migration, as a trace, JSON, a Mermaid sequence
// diagram, or a walk-through in plain words.
import { explainText } from '../../render/explain.js';
import { handshakeJson, handshakeMermaid, traceText } from '../../render/handshake.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import type { StorageCopy } from '../../sim/handshake/storage-copy.js';
import { formatBytes, formatRate } from '../../model/units.js';
import { parse } from '../args.js';
import { exitCode, type CliIo } from '../io.js';
import { scenarioFromOptions, scenarioOptionSpec, scenarioOptionsHelp } from '../scenario-options.js';

export const simulateUsage = `usage: migsim simulate [options] [--json | --mermaid] [--no-cookies]

Runs one migration between a simulated source and destination and prints what each phase
decided and why, the cookie it sent, what QEMU did, and the outcome.

${scenarioOptionsHelp}
  --json                  one JSON object: result, storage, error, phases, findings, traceHash...
  --mermaid               a Mermaid sequence diagram of the run
  --no-cookies            leave the cookie XML out of the text trace

Exit 0 when the migration completes, 1 when it fails, 2 on a usage error.
`;

export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.out(simulateUsage);
    return exitCode.ok;
  }
  const { values } = parse(args, { ...scenarioOptionSpec, json: { type: 'boolean' }, mermaid: { type: 'boolean' }, 'no-cookies': { type: 'boolean' } }, 0);
  const scenario = await scenarioFromOptions(values, io);
  const result = simulateHandshake(scenario);
  const copy = result.storageCopy;
  if (values.json) io.out(JSON.stringify({ ...handshakeJson(scenario, result), storageCopy: copy }, null, 2) + '\n');
  else if (values.mermaid) io.out(handshakeMermaid(scenario, result));
  else io.out(traceText(scenario, result, { cookies: !values['no-cookies'] }) + copyLine(copy));
  return result.outcome.result === 'completed' ? exitCode.ok : exitCode.failed;
}

/** The storage copy as the NBD stream model sees it on this link (docs/stream.md). */
function copyLine(copy: StorageCopy | null): string {
  if (!copy) return '';
  const what = copy.model === 'nbd-mirror' ? 'mirror READY' : 'block migration complete';
  const when = copy.seconds === null ? `never: ${copy.reason ?? 'did not converge'}` : `after ${copy.seconds.toFixed(1)} s`;
  return `storage copy (NBD stream model): ${formatBytes(copy.diskBytes)}, ${what} ${when}, ${formatRate(copy.throughputBytesPerSecond)} limited by ${copy.limitedBy}\n`;
}

export const explainUsage = `usage: migsim explain [options]

Walks through one migration phase by phase in plain words, with the cookie at each step and
its <nbd> part marked. Takes the same options as 'migsim simulate'; by default a libvirt 9.0 /
QEMU 7.2 pair copying its disk over NBD.

${scenarioOptionsHelp}
`;

export async function explainCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.out(explainUsage);
    return exitCode.ok;
  }
  const { values } = parse(args, scenarioOptionSpec, 0);
  const scenario = await scenarioFromOptions(values, io);
  io.out(explainText(scenario, simulateHandshake(scenario)));
  return exitCode.ok;
}
