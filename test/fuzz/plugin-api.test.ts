// Goal: the plug-in API works as a protocol designer meets it (issue 12 item 9). A plug-in lives
// in its own folder, with no migsim installed beside it and no package.json making it an ES
// module, and imports what it needs by name from 'migsim/fuzz' (values, not only types), as
// TypeScript, ES module JavaScript or CommonJS; the shipped examples load from a copy outside the
// project; and everything the examples use is exported by name. Method: the built CLI as a
// process, run from a scratch folder.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fuzzApi from '../../src/fuzz/index.js';
import { projectRoot } from '../support/corpus.js';

function runBuilt(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(projectRoot, 'bin/migsim.js'), ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

const plugins: Readonly<Record<string, string>> = {
  'peer.ts': `import { libvirtSourcePeer, parseCookie, phaseError, type PeerPlugin } from 'migsim/fuzz';
const plugin: PeerPlugin = {
  name: 'typescript peer',
  source: (libvirt) => ({ ...libvirt, perform: (ctx, state, cookie) => {
    const parsed = cookie === null ? null : parseCookie(cookie, { phase: 'perform', libvirt: ctx.self.profile.libvirt, policy: ctx.policy.cookiePolicy });
    if (parsed !== null && !parsed.ok) return { ok: false, effects: [], decisions: [], error: phaseError('typescript-peer', 'refused', 'perform') };
    return libvirtSourcePeer.perform(ctx, state, cookie);
  } }),
};
export default plugin;
`,
  'peer.mjs': `import { libvirtTargetPeer, strictPolicy } from 'migsim/fuzz';
export default { name: 'es module peer', target: () => ({ ...libvirtTargetPeer, name: strictPolicy.name }) };
`,
  'peer.cjs': `const { libvirtTargetPeer, formatCookie } = require('migsim/fuzz');
if (typeof formatCookie !== 'function') throw new Error('formatCookie missing');
module.exports = { name: 'commonjs peer', target: () => libvirtTargetPeer };
`,
};

describe('plug-ins import migsim by name from any folder', () => {
  it.each(Object.keys(plugins))('%s runs in a campaign from a scratch folder', (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'migsim-plugin-'));
    writeFileSync(join(dir, name), plugins[name] ?? '');
    const run = runBuilt(['fuzz', '--target', 'handshake', '--runs', '60', '--peer', name, '--out', 'out', '--json'], dir);
    expect(run.stderr).not.toMatch(/cannot be loaded/);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ runs: 60, failures: 0 });
  });

  it.each(readdirSync(join(projectRoot, 'examples/peers')).filter((name) => name.endsWith('.ts')))('examples/peers/%s loads from a copy outside the project', (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'migsim-example-'));
    copyFileSync(join(projectRoot, 'examples/peers', name), join(dir, name));
    const run = runBuilt(['simulate', '--peer', name, '--no-cookies'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^peer plug-in '.+' as the (source|destination)/);
  });

  it("exports by name everything the examples import from 'migsim/fuzz'", () => {
    for (const name of readdirSync(join(projectRoot, 'examples/peers'))) {
      const text = readFileSync(join(projectRoot, 'examples/peers', name), 'utf8');
      const imported = [...text.matchAll(/import \{([^}]*)\} from 'migsim\/fuzz'/g)].flatMap((m) => (m[1] ?? '').split(','))
        .map((item) => item.trim()).filter((item) => item !== '' && !item.startsWith('type '));
      expect(imported.length, name).toBeGreaterThan(0);
      for (const value of imported) expect(fuzzApi, `${name} imports ${value}`).toHaveProperty(value);
      expect(text, `${name} imports only by name`).not.toMatch(/from '\.\.?\//);
    }
    for (const value of ['parseCookie', 'formatCookie', 'libvirtSourcePeer', 'libvirtTargetPeer', 'phaseError', 'libvirtPolicy', 'strictPolicy', 'parseVersion', 'effectKinds', 'applyPlugin']) {
      expect(fuzzApi).toHaveProperty(value);
    }
  });
});
