// The harness's operations in one module, loaded by the CLI only when a real action runs.
import { writeFile } from 'node:fs/promises';
import type { RealRecord } from './record.js';
import type { CapturedFrame } from './rpc/proxy.js';

export { up } from './up.js';
export { down } from './down.js';
export { status } from './status.js';
export { runScenario } from './run.js';
export { diffLive, diffRecord } from './diff/compare.js';
export { runFuzzCampaign } from './fuzz/campaign.js';
export { replayRealCase } from './fuzz/replay.js';

export async function writeRecord(path: string, record: RealRecord): Promise<void> {
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
}

/** The frames an RPC proxy saw, with the run's provenance and scenario, for corpus/real/rpc. */
export async function writeFrames(path: string, record: RealRecord, frames: readonly CapturedFrame[]): Promise<void> {
  const encoded = frames.map((f) => ({ connection: f.connection, flow: f.flow, base64: Buffer.from(f.bytes).toString('base64') }));
  await writeFile(path, `${JSON.stringify({ provenance: record.provenance, scenario: record.scenario, virshArgv: record.virshArgv, rpc: record.rpc, frames: encoded }, null, 2)}\n`);
}
