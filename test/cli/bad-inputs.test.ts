// Goal: every input is answered. A bad flag, value or file ends with exit 2 (1 where the run
// itself failed), exactly one line on standard error naming the problem, no stack, nothing on
// standard output, and no hang: each row must finish within the test's own timeout (the row
// asserts nothing about time). Method: a table of bad inputs, each run through the real CLI
// in-process; a handful also as a process through bin/migsim.js (the built CLI), and a closed
// pipe (`migsim matrix --csv | head -1`) through a shell.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, readProjectFile } from '../support/corpus.js';
import { runCli, spawnCli, type CliRun } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'migsim-bad-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const cookie = join(projectRoot, 'corpus/cookies/valid/libvirt-1.0.3-begin.xml');
const caseText = readProjectFile('corpus/regressions/lost-finish-reply.json');
const caseJson = JSON.parse(caseText) as Record<string, unknown>;
const partialCase = file('partial.json', caseText.slice(0, Math.floor(caseText.length / 2)));
const negativeSeedCase = file('negative-seed.json', JSON.stringify({ ...caseJson, seed: -1 }));
const badFaultCase = file('bad-fault.json', JSON.stringify({ ...caseJson, case: { ...(caseJson['case'] as object), faults: { cookies: { begin: { kind: 'teleport' } }, crash: null } } }));
const peer = file('peer.mjs', "export default { name: 'noop peer' };\n");
const changedPeerCase = file('changed-peer.json', JSON.stringify({ ...caseJson, peer: { path: peer, sha256: '0'.repeat(64) } }));
const pathOnlyPeerCase = file('path-peer.json', JSON.stringify({ ...caseJson, peer: peer }));
const notAFolder = file('a-file', 'x');
const badSummaryDir = mkdtempSync(join(tmpdir(), 'migsim-bad-shard-'));
writeFileSync(join(badSummaryDir, 'summary.json'), '{"seed": 1}');
const badCorpusDir = mkdtempSync(join(tmpdir(), 'migsim-bad-corpus-'));
writeFileSync(join(badCorpusDir, 'handshake-0.json'), JSON.stringify({ migsimCorpusEntry: 1, target: 'handshake', case: { seed: -1 } }));

type Row = readonly [args: readonly string[], message: RegExp, code?: 1 | 2, stdin?: string];

const rows: readonly Row[] = [
  // simulate: values
  [['simulate', '--bandwidth', '0'], /--bandwidth: '0' is 0; expected a rate/],
  [['simulate', '--disk-size', '1024TiB'], /cannot simulate this/],
  [['simulate', '--bandwidth', '1B/s'], /cannot simulate this in reasonable time/],
  [['simulate', '--disk-size', '-1'], /--disk-size: '-1' is negative; expected a size of at least 1 B/],
  [['simulate', '--seed', '-5'], /--seed: '-5' is negative; expected a whole number/],
  [['simulate', '--seed', 'x y'], /--seed: 'x y' is not a seed/],
  [['simulate', '--foo'], /^migsim simulate: unknown option '--foo'; see 'migsim simulate --help'$/],
  [['simulate', '--foo=1'], /unknown option '--foo'/],
  [['simulate', '--seed'], /--seed needs a value/],
  [['simulate', '--seed', '--json'], /--seed needs a value/],
  [['simulate', '--json=yes'], /--json takes no value/],
  [['simulate', '--rtt', '-1ms'], /--rtt: '-1ms' is negative/],
  [['simulate', '--rtt', '5'], /--rtt: '5' has no unit/],
  [['simulate', '--dirty-rate', 'fast'], /--dirty-rate: 'fast' is not a rate/],
  [['simulate', '--write-size', '0'], /--write-size: '0' is 0/],
  [['simulate', '--copy-storage', 'most'], /--copy-storage: 'most' is not one of the choices; expected one of all, inc, none/],
  [['simulate', '--mode', 'teleport'], /--mode: 'teleport' is not one of the choices/],
  [['simulate', '--graphics', 'rdp'], /--graphics: 'rdp' is not one of the choices/],
  [['simulate', '--abort', 'never'], /--abort: 'never' is not one of the choices/],
  [['simulate', '--destination-disk', 'lost'], /--destination-disk: 'lost' is not one of the choices/],
  [['simulate', '--disks', 'VDA'], /--disks: 'VDA': 'VDA' is not a disk name/],
  [['simulate', '--disks', 'vda,vda'], /--disks: .*listed twice/],
  [['simulate', '--disks', 'vda:10XB'], /--disks: .*is neither a size nor/],
  [['simulate', '--disks', 'vda,vdb', '--migrate-disks', 'vdz'], /--migrate-disks: 'vdz' is not one of the domain's disks \(vda, vdb\)/],
  [['simulate', '--migrate-disks', 'vdb'], /--migrate-disks: the domain has only vda/],
  [['simulate', '--nbd-port-range', '5000-4000'], /--nbd-port-range: '5000-4000' has MIN above MAX/],
  [['simulate', '--nbd-port-range', '0-10'], /--nbd-port-range: '0-10' has a port outside 1\.\.65535/],
  [['simulate', '--ports-in-use', '70000'], /--ports-in-use: '70000' is not a port from 1 to 65535/],
  [['simulate', '--policy', 'nbd-gate=sometimes'], /--policy: policy nbd-gate must be none\|feature-bit/],
  [['simulate', '--policy', 'ready-timeout=-5'], /--policy: policy ready-timeout must be none or a number of milliseconds/],
  [['simulate', '--policy', 'teleport=on'], /--policy: unknown policy 'teleport=on'/],
  [['simulate', '--source', 'libvirt=8.12.0,qemu=7.2.0'], /--source: unknown libvirt version 8\.12\.0/],
  [['simulate', '--target', 'libvirt=9.0.0,qemu=7.2.0,-teleport'], /--destination: /],
  [['simulate', '--source', '@/nonexistent/side.json'], /--source: cannot read \/nonexistent\/side\.json/],
  [['simulate', '--json', '--mermaid'], /--json and --mermaid both print the run/],
  [['simulate', 'extra'], /unexpected argument 'extra'/],
  [['explain', '--time', '5s'], /unknown option '--time'/],
  // fuzz: everything its end needs is checked before it starts
  [['fuzz', '--junit', tmpdir()], /--junit: '.*' is a folder; expected a file path/],
  [['fuzz', '--junit', '/nonexistent/dir/junit.xml'], /--junit: .*its folder \/nonexistent\/dir does not exist/],
  [['fuzz', '--out', notAFolder], /--out: '.*a-file' is not a folder/],
  [['fuzz', '--out', join(notAFolder, 'below')], /--out: .* is not a folder/],
  [['fuzz', '--path', 'zzz'], /--path: 'zzz' is not a replay path/],
  [['fuzz', '--require', 'foo'], /--require: 'foo' is not \[TARGET\/\]KIND:ITEM with a known kind/],
  [['fuzz', '--require', 'kernel/phase:begin'], /--require: 'kernel\/phase:begin' names no target \(TARGET is one of cookie, handshake\)/],
  [['fuzz', '--require', 'cookie/fault:drop'], /--require: 'cookie\/fault:drop' names a kind the cookie target never reports/],
  [['fuzz', '--target', 'cookie', '--require', 'handshake/phase:begin'], /--require: 'handshake\/phase:begin' names a target that --target cookie does not run/],
  [['fuzz', '--require', 'phase:begin,colour:red'], /has 'colour:red'/],
  [['fuzz', '--time', '-1s'], /--time: '-1s' is negative/],
  [['fuzz', '--time', 'soon'], /--time: 'soon' is not a duration/],
  [['fuzz', '--runs', '0'], /--runs: '0' is out of range; expected a whole number from 1/],
  [['fuzz', '--runs', 'many'], /--runs: 'many' is not a whole number/],
  [['fuzz', '--shard', '3/2'], /--shard: '3\/2' is not a shard/],
  [['fuzz', '--target', 'kernel'], /--target: 'kernel' is not one of the choices; expected one of cookie, handshake, all/],
  [['fuzz', '--peer', '/nonexistent/peer.ts'], /--peer: cannot read \/nonexistent\/peer\.ts/],
  [['fuzz', '--peer', cookie], /--peer: .* cannot be loaded as a peer plug-in/],
  [['fuzz', '--policy', 'strict', '--policy', 'bogus'], /--policy: unknown policy 'bogus'/],
  [['fuzz', '--corpus', '/nonexistent'], /--corpus: cannot read \/nonexistent/],
  [['fuzz', '--corpus', badCorpusDir], /--corpus: .*handshake-0\.json is not a migsim corpus entry: .* at case\./],
  [['fuzz', '--workers', '0'], /--workers: '0' is out of range; expected a whole number from 1/],
  [['fuzz', '--workers', '2', '--path', '1:2'], /--workers and --path cannot be used together/],
  [['fuzz', 'merge'], /^migsim fuzz merge: missing DIR\.\.\./],
  [['fuzz', 'merge', '/nonexistent'], /^migsim fuzz merge: cannot read \/nonexistent\/summary\.json: .*each DIR is the --out of one shard/],
  [['fuzz', 'merge', badSummaryDir], /summary\.json is not a migsim fuzz summary: .* at /],
  [['fuzz', 'merge', badSummaryDir, '--out', notAFolder], /^migsim fuzz merge: --out: '.*a-file' is not a folder/],
  // replay: a case file is outside input
  [['replay'], /missing FILE/],
  [['replay', '/nonexistent/case.json'], /cannot read case file \/nonexistent\/case\.json/],
  [['replay', partialCase], /case file .*partial\.json: \(the whole file\): not JSON/],
  [['replay', negativeSeedCase], /case file .*: seed: Too small/],
  [['replay', badFaultCase], /case file .*: case\.faults\.cookies\.begin\.kind: /],
  [['replay', changedPeerCase], /peer plug-in .*peer\.mjs has changed since the campaign .*; pass the plug-in with --peer FILE/],
  [['replay', pathOnlyPeerCase], /without a hash, so it is not loaded; pass the plug-in with --peer FILE/],
  [['replay', cookie], /case file .*: \(the whole file\): not JSON/],
  // matrix, cookie, stream, explore, validate-stream, the command itself
  [['matrix', '--libvirt', '8.12.0'], /--libvirt: '8\.12\.0' is not a known release/],
  [['matrix', '--copy-storage', 'most'], /--copy-storage: 'most' is not all, inc or none/],
  [['matrix', '--json', '--csv'], /--json, --markdown and --csv each choose the output; give one/],
  [['cookie', 'check'], /^migsim cookie check: missing FILE\|-/],
  [['cookie', 'check', cookie, '--phase', 'middle'], /^migsim cookie check: --phase: 'middle' is not one of the choices/],
  [['cookie', 'check', cookie, '--libvirt', 'x.y'], /--libvirt: 'x\.y' is not a version/],
  [['cookie', 'check', '/nonexistent.xml'], /cannot read \/nonexistent\.xml/],
  [['cookie', 'frobnicate'], /unknown cookie command 'frobnicate'/],
  [['cookie', 'format', '-'], /^rejected: \[xml-malformed\]/, 1, 'not a cookie'],
  [['stream', '--bandwidth', '1GiB/s', '--rtt', '1ms'], /--disk-size is required/],
  [['stream', '--disk-size', '1GiB', '--bandwidth', '1B/s', '--rtt', '1ms'], /cannot simulate this in reasonable time/],
  [['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '1ms', '--granularity', '3000'], /granularity must be a power of 2/],
  [['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '1ms', '--svg', '/nonexistent/dir/chart.svg'], /--svg: .*its folder \/nonexistent\/dir does not exist/],
  [['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '1ms', '--ram-size', '1GiB'], /--ram-size needs --compare legacy/],
  [['explore', '--port', '70000'], /--port: '70000' is out of range; expected a whole number from 0 to 65535/],
  [['explore', '--port', '1', '--out', dir], /--port and --out cannot be used together/],
  [['validate-stream', '--tolerance', '0'], /--tolerance: '0' is out of range/],
  [['policies', 'extra'], /unexpected argument 'extra'/],
  [['tour', '--jsn'], /unknown option '--jsn'/],
  [['teleport'], /^migsim teleport: unknown command 'teleport'/],
  // real: each action by its own flags, refused before the harness looks at the machine (no root needed)
  [['real', 'run', '--mode', 'x'], /^migsim real run: --mode: 'x' is not one of the choices; expected one of regular, p2p, tunnelled$/],
  [['real', 'run', '--timeout', 'soon'], /^migsim real run: --timeout: 'soon' is not a duration; expected a duration from 1s to 1h/],
  [['real', 'run', '--timeout', '0.5s'], /^migsim real run: --timeout: '0\.5s' is too short/],
  [['real', 'run', '--disks', 'vda:32MiB:vmdk'], /^migsim real run: --disks: 'vda:32MiB:vmdk' has format 'vmdk', not qcow2, raw, qcow2\+backing/],
  [['real', 'run', '--bandwidth', '0'], /^migsim real run: --bandwidth: '0' is 0; expected a rate/],
  [['real', 'run', '--rewrite', 'drop-nbd'], /^migsim real run: --rewrite: 'drop-nbd' is not ACTION@POINT/],
  [['real', 'run', '--capture-frames', 'frames.json'], /^migsim real run: --capture-frames needs --rewrite/],
  [['real', 'run', '--out', '/nonexistent/dir/run.json'], /^migsim real run: --out: .*its folder \/nonexistent\/dir does not exist/],
  [['real', 'run', '--offline', '--guest', 'running'], /^migsim real: --offline migrates a shut-off guest \(--guest shut-off\)$/],
  [['real', 'diff', '--preset', 'z'], /^migsim real diff: --preset: 'z' is not a preset; expected preset letters a, b, .* or all$/],
  [['real', 'diff', '--preset', 'a', '--unsafe'], /^migsim real diff: --preset names whole scenarios: give it without scenario flags$/],
  [['real', 'diff', '--record', '/nonexistent/record.json'], /^migsim real: cannot read \/nonexistent\/record\.json/],
  [['real', 'fuzz', '--runs', '0'], /^migsim real fuzz: --runs: '0' is out of range; expected a whole number from 1 to 1000$/],
  [['real', 'fuzz', '--time', '500ms'], /^migsim real fuzz: --time: '500ms' is too short; expected a duration of at least 1s/],
  [['real', 'fuzz', '--policy', 'bogus'], /^migsim real fuzz: --policy: unknown policy 'bogus'/],
  [['real', 'replay'], /^migsim real replay: missing FILE; see 'migsim real replay --help'$/],
  [['real', 'replay', '/nonexistent/case.json'], /^migsim real: cannot read \/nonexistent\/case\.json/],
  [['real', 'status', '--dir', '/tmp/a b'], /^migsim real status: --dir: '\/tmp\/a b' is not a plain path/],
  [['real', 'up', '--preset', 'a'], /^migsim real up: unknown option '--preset'; see 'migsim real up --help'$/],
  [['real', '--dir', '/tmp/x', 'up'], /^migsim real: the action comes first: migsim real ACTION \[options\], ACTION one of up, .* \(got '--dir'\)$/],
  [['real', 'frobnicate'], /^migsim real: unknown real command 'frobnicate' \(expected up, run, status, diff, fuzz, replay, down\)$/],
];

function expectOneLine(run: CliRun, message: RegExp, code: number): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at |Error:|node:internal/m);
  if (code === 2) expect(run.stdout).toBe('');
}

describe('bad inputs: one line, exit 2, no stack', () => {
  it('has at least 40 rows', () => expect(rows.length).toBeGreaterThanOrEqual(40));

  it.each(rows.map((row) => [row[0].join(' '), row] as const))('migsim %s', async (_name, [args, message, code = 2, stdin]) => {
    expectOneLine(await runCli(args, stdin), message, code);
  });

  it.each([
    ['simulate', '--seed', '-5'], ['stream', '--disk-size', '1GiB', '--bandwidth', '1B/s', '--rtt', '1ms'], ['fuzz', '--junit', tmpdir()],
    ['replay', partialCase], ['simulate', '--foo'],
  ])('as a process: migsim %s', (...args) => {
    const run = spawnCli(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at |Error:/m);
  });

  it('ends quietly when the reader closes the pipe (matrix --csv | head -1)', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" bin/migsim.js matrix --csv | head -1`], { cwd: projectRoot, encoding: 'utf8' });
    expect(run.stdout).toBe('source,target,copyStorage,seedCase,result,storage,errorCode,phase,findings\n');
    expect(run.stderr).toBe('');
  });
});

describe('help and version everywhere', () => {
  it.each([
    ['simulate', '--help'], ['simulate', '-h'], ['explain', '-h'], ['matrix', '--help'], ['fuzz', '-h'], ['fuzz', 'merge', '--help'], ['replay', '--help'], ['policies', '-h'],
    ['cookie', 'check', '--help'], ['cookie', 'format', '-h'], ['stream', '-h'], ['validate-stream', '--help'], ['explore', '-h'], ['tour', '--help'],
    ['help', 'simulate'], ['help', 'cookie', 'check'],
    ['real', 'up', '--help'], ['real', 'run', '--help'], ['real', 'status', '-h'], ['real', 'diff', '--help'], ['real', 'fuzz', '-h'], ['real', 'replay', '--help'],
    ['real', 'down', '-h'], ['help', 'real', 'run'],
  ])('migsim %s %s', async (...args) => {
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: migsim /);
    expect(run.stdout).toContain('Exit codes:');
  });

  it('help CMD prints the command\'s help, not the list', async () => {
    expect((await runCli(['help', 'simulate'])).stdout).toBe((await runCli(['simulate', '--help'])).stdout);
  });

  it('--version prints the package version', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
