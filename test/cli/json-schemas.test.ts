// Goal: every command's --json output is exactly what its schema under docs/schemas/ says (strict
// objects: an undocumented field fails), and the committed schema files are the ones the zod
// schemas generate. Method: run each command through the real CLI in-process, parse its output
// with the command's zod schema, and compare docs/schemas/*.json with jsonSchemaText.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateStreamCommand } from '../../src/cli/commands/validate-stream.js';
import { commandSpecs } from '../../src/cli/docs.js';
import type { CliIo } from '../../src/cli/io.js';
import { jsonDocuments, jsonSchemaText } from '../../src/cli/schemas/index.js';
import { simulateMirror } from '../../src/sim/stream/index.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';
import { runCli } from '../support/cli.js';
import { expectValid, schemaOf } from '../support/json-schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'migsim-json-'));
const cookie = join(projectRoot, 'corpus/cookies/valid/libvirt-1.0.3-begin.xml');

describe('--json output matches docs/schemas', () => {
  it.each([
    ['simulate', ['simulate', '--json']],
    ['simulate', ['simulate', '--source', 'libvirt=12.5.0,qemu=9.2.0', '--destination', 'libvirt=1.0.2,qemu=1.3.0', '--json']],
    ['simulate', ['simulate', '--disks', 'vda:1GiB:qcow2+backing,vdb:1GiB:raw:shared', '--copy-storage', 'inc', '--mode', 'p2p', '--graphics', 'vnc', '--json']],
    ['explain', ['explain', '--source', 'libvirt=1.0.3,qemu=1.3.0', '--target', 'libvirt=1.0.2,qemu=1.3.0', '--json']],
    ['matrix', ['matrix', '--libvirt', '1.0.2,1.0.3', '--qemu', '1.2.0,1.3.0', '--copy-storage', 'all', '--json']],
    ['matrix', ['matrix', '--libvirt', '1.0.2,12.5.0', '--qemu', '9.2.0', '--policy', 'strict', '--diff-policy', '--json']],
    ['tour', ['tour', '--json']],
    ['policies', ['policies', '--json']],
    ['stream', ['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '1ms', '--dirty-rate', '5MiB/s', '--json']],
    ['stream', ['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '0', '--compare', 'legacy', '--json']],
    ['cookie-check', ['cookie', 'check', cookie, '--json']],
    ['cookie-check', ['cookie', 'check', cookie, '--phase', 'prepare', '--domain-name', 'other', '--json']],
    ['cookie-format', ['cookie', 'format', cookie, '--json']],
    ['fuzz', ['fuzz', '--runs', '60', '--seed', '3', '--json', '--out', join(dir, 'out')]],
    ['explore', ['explore', '--out', join(dir, 'site'), '--json']],
  ])('%s: %j', async (name, args) => {
    const run = await runCli(args);
    expect(run.code, run.stderr).toBeLessThan(2);
    expectValid(name, run.stdout);
  });

  it('replay: a handshake case and a cookie case', async () => {
    const handshake = await runCli(['replay', join(projectRoot, 'corpus/regressions/lost-finish-reply.json'), '--json']);
    expect(handshake.code, handshake.stderr).toBe(0);
    expect(expectValid('replay', handshake.stdout)).toMatchObject({ target: 'handshake', failures: 0 });
    const file = join(dir, 'cookie-case.json');
    writeFileSync(file, JSON.stringify({
      migsimCase: 1, target: 'cookie', seed: 1, path: '0', policies: [{ name: 'libvirt', cookiePolicy: 'libvirt', duplicateNbd: 'first-match', portRangeCheck: false, nbdOfferGate: 'none', nbdMandatory: false, fallback: 'era', nbdServerStop: 'era', connectTimeoutMs: null, readyTimeoutMs: null, storageFlags: 'era', lostFinish: 'resume' }],
      peer: null, decisionTable: true, failures: [],
      case: { base: { kind: 'text', xml: readProjectFile('corpus/cookies/valid/libvirt-1.0.3-begin.xml') }, mutation: { kind: 'none' }, phase: 'begin', libvirt: '1.0.3', domainMatches: true, sameHost: false },
    }));
    const cookieRun = await runCli(['replay', file, '--json']);
    expect(cookieRun.code, cookieRun.stderr).toBeLessThan(2);
    expect(expectValid('replay', cookieRun.stdout)).toMatchObject({ target: 'cookie' });
  });

  it('validate-stream: a run with fake peers, and a missing program', async () => {
    let stdout = '';
    const io: CliIo = { out: (t) => void (stdout += t), err: () => undefined, readBytes: async () => new Uint8Array(), interactive: false, env: {} };
    const peers = {
      image: async (sizeBytes: number) => ({ path: `/nonexistent/${sizeBytes}`, remove: async () => undefined }),
      run: async (run: { diskBytes: number; bufSizeBytes: number; delayMs: number }) => ({
        ok: true as const, seconds: simulateMirror({ diskBytes: run.diskBytes, bandwidthBytesPerSecond: 700 * 2 ** 20, rttNs: 1_000_000, serviceTimeNs: run.delayMs * 1e6, bufSizeBytes: run.bufSizeBytes }).readySeconds ?? 1,
      }),
    };
    await validateStreamCommand(['--json', '--repeats', '1', '--extra-rounds', '0'], io, { missing: () => null, peers });
    expectValid('validate-stream', stdout);
    stdout = '';
    expect(await validateStreamCommand(['--json'], io, { missing: () => ({ message: 'nbdkit is not installed' }), peers })).toBe(2);
    expect(expectValid('validate-stream', stdout)).toMatchObject({ ok: false, error: { code: 'program-missing' } });
  });

  it('a field the schema does not describe fails', () => {
    const run = JSON.parse(readProjectFile('docs/schemas/policies.schema.json')) as { additionalProperties?: unknown };
    expect(run.additionalProperties).toBe(false);
    expect(schemaOf('policies').safeParse({ presets: [], switches: [], extra: 1 }).success).toBe(false);
  });
});

describe('every command with --json', () => {
  it('names the schema of its output (the migsim real actions included), and every output schema is some command\'s', () => {
    const withJson = commandSpecs.filter((spec) => 'json' in spec.flags);
    expect(withJson.map((spec) => spec.name)).toEqual(expect.arrayContaining(['real up', 'real run', 'real status', 'real diff', 'real fuzz', 'real replay', 'real down']));
    for (const spec of withJson) expect(spec.schema !== null && spec.schema in jsonDocuments, `${spec.name}: schema ${String(spec.schema)}`).toBe(true);
    const outputs = Object.entries(jsonDocuments).filter(([, document]) => document.io === 'output').map(([name]) => name);
    expect(new Set(withJson.map((spec) => spec.schema))).toEqual(new Set(outputs));
  });
});

describe('docs/schemas', () => {
  it('has one file per JSON document, each as generated (regenerate with: npx tsx scripts/docs-schemas.ts)', () => {
    const files = readdirSync(join(projectRoot, 'docs/schemas')).sort();
    expect(files).toEqual(Object.keys(jsonDocuments).map((name) => `${name}.schema.json`).sort());
    for (const name of Object.keys(jsonDocuments)) expect(readProjectFile(`docs/schemas/${name}.schema.json`), name).toBe(jsonSchemaText(name));
  });

  it('docs/cli.md is as generated (regenerate with: npx tsx scripts/docs-cli.ts) and links every schema', async () => {
    const { cliMarkdown } = await import('../../src/cli/docs.js');
    const markdown = readProjectFile('docs/cli.md');
    expect(markdown).toBe(cliMarkdown());
    for (const name of Object.keys(jsonDocuments)) expect(markdown).toContain(`schemas/${name}.schema.json`);
  });
});
