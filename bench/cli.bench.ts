// How fast the installed command starts: `migsim --version` and `migsim cookie check` as whole
// processes of the compiled CLI (bin/migsim.js → dist/), the way a user or a CI script runs them.
// Goal: `migsim --version` within 200 ms of wall time here. Needs `npm run build` (npm ci runs it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/migsim.js', import.meta.url));
const cookie = fileURLToPath(new URL('../corpus/cookies/valid/libvirt-9.0-prepare.xml', import.meta.url));
const runs = 15;

if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  process.stdout.write('cli: dist/ is not built; run npm run build first\n');
  process.exit(1);
}

function wallMs(args: readonly string[]): { medianMs: number; maxMs: number } {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i += 1) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (run.status !== 0 && run.status !== 1) throw new Error(`migsim ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i >= 2) times.push(elapsed); // the first two warm the file cache
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? 0, maxMs: times[times.length - 1] ?? 0 };
}

const baseline = (() => {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
})();

for (const [label, args] of [['migsim --version', ['--version']], ['migsim cookie check (one cookie)', ['cookie', 'check', cookie, '--phase', 'perform']]] as const) {
  const { medianMs, maxMs } = wallMs(args);
  const goal = label === 'migsim --version' ? ` (goal ≤ 200 ms: ${medianMs <= 200 ? 'met' : 'MISSED'})` : '';
  process.stdout.write(`${label.padEnd(36)} median ${medianMs.toFixed(0)} ms, max ${maxMs.toFixed(0)} ms over ${runs} runs${goal}\n`);
}
process.stdout.write(`${'node -e 0 (Node start-up alone)'.padEnd(36)} median ${baseline.toFixed(0)} ms\n`);
