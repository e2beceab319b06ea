// Goal: `migsim real` never throws at the user: not root, a missing program and a bad flag are
// each one line on stderr and exit 2, before anything is started.
// Method: run the command with an injected machine probe and a harness that must not be loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realCommand, type RealDeps } from '../../src/cli/commands/real.js';
import type { MachineProbe } from '../../src/real/preconditions.js';
import { projectRoot } from '../support/corpus.js';

const everything: MachineProbe = { uid: 0, find: (name) => `/usr/bin/${name}`, executable: () => true };

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

  it('refuses a bad scenario flag in one line, also as JSON', async () => {
    const result = await run(['run', '--copy-storage', 'some', '--json']);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toHaveLength(2);
    expect(JSON.parse(result.out)).toEqual({ ok: false, error: { code: 'scenario-invalid', message: "--copy-storage must be one of all, inc, none (got 'some')" } });
  });

  it('refuses a bad --timeout and --dir', async () => {
    expect((await run(['run', '--timeout', '5'])).code).toBe(2);
    expect((await run(['status', '--dir', '/tmp/a b'])).err).toMatch(/^migsim real: --dir .*plain absolute path/);
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
    const bad = await run(['diff', '--preset', 'a,z']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("migsim real: --preset: 'z' is not one of a, b, c, d, e, f, g, h, i, j, k, l or all\n");
    expect((await run(['diff', '--preset', 'a', '--copy-storage', 'none'])).code).toBe(2);
  });

  it('real replay wants a real case file, in one line', async () => {
    // A usage error: main prints it in one line and exits 2.
    await expect(run(['replay'])).rejects.toThrow('replay needs a case file');
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

  it('prints its usage with --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('migsim real up');
    expect(result.out).toContain('--destination-disk');
  });
});
