// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or those whose name contains one
// of the given words) one after another, each in its own process so that one benchmark's JIT
// state and garbage do not colour the next. Benchmarks never run inside the timed test suite.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file} ==\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
if (files.length === 0) process.stdout.write('no benchmark matched\n');
process.exitCode = failed === 0 ? 0 : 1;
