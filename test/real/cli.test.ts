// Goal: `migsim real` never throws at the user: not root, a missing program and a scenario the
// pair cannot run are each one line on stderr and exit 2, before anything is started; a bad flag
// or value is the command line's UsageError (main prints it in one line as `migsim real ACTION:
// ...`, test/cli/bad-inputs.test.ts), found before the machine is looked at.
// Method: run the command with an injected machine probe and a harness that must not be loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realCommand, type RealDeps } from '../../src/cli/commands/real.js';
import type { MachineProbe } from '../../src/real/preconditions.js';
import { projectRoot } from '../support/corpus.js';
import { everything } from '../support/real-cli.js';

function deps(probe: MachineProbe): RealDeps {
  return { probe, harness: () => Promise.reject(new Error('the harness must not be loaded')) };
}

async function run(args: string[], probe: MachineProbe = everything): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    out: (text: string) => void (out += text), err: (text: string) => void (err += text),
    readBytes: () => Promise.reject(new Error('no files')), interactive: false, env: {},
  };
  const code = await realCommand(args, io, deps(probe));
  return { code, out, err };
}

describe('migsim real', () => {
  it('refuses to run as a user other than root, in one line', async () => {
    const result = await run(['up'], { ...everything, uid: 1000 });
    expect(result.code).toBe(2);
    expect(result.err).toBe('migsim real: migsim real needs root (namespaces, bind mounts, veth): running as uid 1000\n');
  });

  it.each([['unshare', 'util-linux'], ['ip', 'iproute2'], ['libvirtd', 'libvirt-daemon'], ['virsh', 'libvirt-clients'], ['qemu-system-x86_64', 'qemu-system-x86']])(
    'names a missing %s and its package', async (missing, pkg) => {
      const result = await run(['up'], { ...everything, find: (name) => (name === missing ? null : `/usr/bin/${name}`) });
      expect(result.code).toBe(2);
      expect(result.err).toBe(`migsim real: program ${missing} is not installed (Debian package ${pkg})\n`);
    });

  it('refuses a bad value as a usage error, before looking at the machine', async () => {
    const notRoot = { ...everything, uid: 1000 };
    await expect(run(['run', '--copy-storage', 'some', '--json'], notRoot)).rejects.toThrow("--copy-storage: 'some' is not one of the choices; expected one of all, inc, none");
    await expect(run(['run', '--timeout', '5'], notRoot)).rejects.toThrow("--timeout: '5' has no unit; expected a duration from 1s to 1h");
    await expect(run(['run', '--timeout', '2h'], notRoot)).rejects.toThrow("--timeout: '2h' is too long");
    await expect(run(['status', '--dir', '/tmp/a b'], notRoot)).rejects.toThrow("--dir: '/tmp/a b' is not a plain path");
    await expect(run(['run', '--capture-frames', 'frames.json'], notRoot)).rejects.toThrow('--capture-frames needs --rewrite');
    await expect(run(['run', '--mode', 'p2p', '--rewrite', 'drop-nbd@middle'], notRoot)).rejects.toThrow("--rewrite: 'drop-nbd@middle' is not ACTION@POINT");
    await expect(run(['run', '--out', '/nonexistent/dir/run.json'], notRoot)).rejects.toThrow("--out: '/nonexistent/dir/run.json': its folder /nonexistent/dir does not exist");
    await expect(run(['fuzz', '--focus', 'cpu'], notRoot)).rejects.toThrow("--focus: 'cpu' is not one of the choices; expected one of all, nbd-port");
    await expect(run(['up', '--preset', 'a'], notRoot)).rejects.toThrow("unknown option '--preset'; see 'migsim real up --help'");
  });

  it('refuses a scenario the pair cannot run in one line, also as JSON, before looking at the machine', async () => {
    const result = await run(['run', '--offline', '--guest', 'running', '--json'], { ...everything, uid: 1000 });
    expect(result.code).toBe(2);
    expect(result.err).toBe('migsim real: --offline migrates a shut-off guest (--guest shut-off)\n');
    expect(JSON.parse(result.out)).toEqual({ ok: false, error: { code: 'scenario-invalid', message: '--offline migrates a shut-off guest (--guest shut-off)' } });
  });

  it('says a directory from MIGSIM_REAL_DIR that is not plain in one line', async () => {
    let err = '';
    const io = { out: () => undefined, err: (text: string) => void (err += text), readBytes: () => Promise.reject(new Error('no files')), interactive: false, env: { MIGSIM_REAL_DIR: '/tmp/a b' } };
    expect(await realCommand(['status'], io, deps(everything))).toBe(2);
    expect(err).toBe('migsim real: MIGSIM_REAL_DIR /tmp/a b: use a plain absolute path (letters, digits, _ . / -)\n');
  });

  it('diffs a saved record without root or libvirt, and refuses a bad preset in one line', async () => {
    let out = '';
    const io = {
      out: (text: string) => void (out += text), err: () => undefined,
      readBytes: (path: string) => Promise.resolve(new Uint8Array(readFileSync(join(projectRoot, path)))), interactive: false, env: {},
    };
    const noRoot: RealDeps = { probe: { ...everything, uid: 1000 }, harness: () => import('../../src/real/harness.js') };
    expect(await realCommand(['diff', '--record', 'corpus/real/d-no-copy-refused.json'], io, noRoot)).toBe(0);
    expect(out).toContain('1 scenario: 0 unexplained differences');
    await expect(run(['diff', '--preset', 'a,z'])).rejects.toThrow("--preset: 'a,z' has 'z', which is not a preset; expected preset letters a, b, c, d, e, f, g, h, i, j, k, l separated by commas, or all");
    await expect(run(['diff', '--preset', 'a', '--copy-storage', 'none'])).rejects.toThrow('--preset names whole scenarios: give it without scenario flags');
    await expect(run(['diff', '--record', 'x.json', '--persistent'])).rejects.toThrow('--record compares a saved run: give it without --preset or scenario flags');
  });

  it('real replay wants a real case file, in one line', async () => {
    // A usage error: main prints it in one line and exits 2.
    await expect(run(['replay'])).rejects.toThrow("missing FILE; see 'migsim real replay --help'");
    await expect(run(['replay', 'a.json', 'b.json'])).rejects.toThrow("unexpected argument 'b.json'");
    const io = {
      out: () => undefined, err: (text: string) => void (err += text),
      // A simulated case file (valid, but with no real part).
      readBytes: () => Promise.resolve(new Uint8Array(readFileSync(join(projectRoot, 'corpus/regressions/lost-finish-reply.json')))), interactive: false, env: {},
    };
    let err = '';
    const deps: RealDeps = { probe: everything, harness: () => import('../../src/real/harness.js') };
    expect(await realCommand(['replay', 'plain.json'], io, deps)).toBe(2);
    expect(err).toBe("migsim real: plain.json is not a migsim real record or case file: no 'migsim-real-case/1' part (a simulated case replays with migsim replay)\n");
    err = '';
    const broken = { ...io, readBytes: () => Promise.resolve(new TextEncoder().encode('{"migsimCase":1,"target":"handshake","case":{}}')) };
    expect(await realCommand(['replay', 'broken.json'], broken, deps)).toBe(2);
    expect(err).toMatch(/^migsim real: broken\.json is not a migsim real record or case file: .* at \S+\n$/);
  });

  it('lists its actions alone or with --help, and refuses an unknown one in one line', async () => {
    for (const args of [[], ['--help'], ['-h']]) {
      const result = await run(args);
      expect(result.code).toBe(args.length === 0 ? 2 : 0);
      for (const action of ['up', 'run', 'status', 'diff', 'fuzz', 'replay FILE', 'down']) expect(result.out).toContain(`migsim real ${action} [options]`);
    }
    await expect(run(['frobnicate'])).rejects.toThrow("unknown real command 'frobnicate' (expected up, run, status, diff, fuzz, replay, down)");
  });

  it.each([
    ['up', ['--with-tls', '--libvirtd PATH']], ['run', ['--destination-disk HOW', '--rewrite ACTION@POINT', '--proxy-transport HOW', '--guest STATE']],
    ['status', ['--dir DIR']], ['diff', ['--preset LETTERS', '--record FILE', 'l: --abort mirror --bandwidth 1MiB/s']],
    ['fuzz', ['--time DURATION', '--focus FOCUS', '--out-dir DIR']], ['replay', ['usage: migsim real replay FILE [options]']], ['down', ['--json']],
  ])('real %s --help prints its own options', async (action, words) => {
    const result = await run([action, '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^usage: migsim real ${action} `));
    for (const word of words) expect(result.out).toContain(word);
  });
});
