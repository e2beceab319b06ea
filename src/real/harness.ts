// The harness's operations in one module, loaded by the CLI only when a real action runs.
import { writeFile } from 'node:fs/promises';
import type { RealRecord } from './record.js';

export { up } from './up.js';
export { down } from './down.js';
export { status } from './status.js';
export { runScenario } from './run.js';

export async function writeRecord(path: string, record: RealRecord): Promise<void> {
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
}
