// Goal: `migsim cookie check|format` behave as documented: exit 0 accepted, 1 rejected, 2 usage
// or I/O error; --json prints one object of the documented shape. Method: run the CLI
// in-process on corpus files and standard input, and once through the real launcher.
import { describe, expect, it } from 'vitest';
import { libvirtCorpus, readLibvirtCorpus } from '../support/corpus.js';
import { runCli, spawnCli } from '../support/cli.js';

const domain = ['--domain-name', 'migsim-demo', '--domain-uuid', 'c7a5fdbd-edaf-9455-926a-d65c16db1809'];

describe('migsim cookie check', () => {
  it('accepts the 9.0 Prepare reply in Perform and prints nbd as documented', async () => {
    const run = await runCli(['cookie', 'check', 'corpus/cookies/valid/libvirt-9.0-prepare.xml', '--phase', 'perform', '--libvirt', '9.0.0', ...domain, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { ok: boolean; cookie: { nbd: unknown } };
    expect(json).toMatchObject({ ok: true, cookie: { nbd: { port: 49153, disks: [{ target: 'vda', capacity: '10737418240' }] } } });
  });

  it('gives nbd null when no <nbd> was taken, and port 0 when it has none', async () => {
    const finish = await runCli(['cookie', 'check', 'corpus/cookies/valid/libvirt-9.0-finish.xml', '--phase', 'confirm', '--json']);
    expect(JSON.parse(finish.stdout)).toMatchObject({ ok: true, cookie: { nbd: null } });
    const begin = await runCli(['cookie', 'check', 'corpus/cookies/valid/libvirt-9.0-begin.xml', '--phase', 'prepare', '--json']);
    expect(JSON.parse(begin.stdout)).toMatchObject({ ok: true, cookie: { nbd: { port: 0 } } });
    // Perform without storage would not read <nbd>; Confirm never does.
    const confirm = await runCli(['cookie', 'check', 'corpus/cookies/valid/libvirt-9.0-prepare.xml', '--phase', 'confirm', '--json']);
    expect(JSON.parse(confirm.stdout)).toMatchObject({ ok: true, cookie: { nbd: null } });
  });

  it('rejects with exit 1 and the coded error', async () => {
    const run = await runCli(['cookie', 'check', 'corpus/cookies/bad/uuid-mismatch.xml', '--phase', 'prepare', ...domain, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      errors: [{ code: 'uuid-mismatch', path: '/qemu-migration/uuid',
        message: 'Incoming cookie data had unexpected UUID C7A5FDBD-EDAF-9455-926A-D65C16DB1809 vs c7a5fdbd-edaf-9455-926a-d65c16db1809' }],
    });
  });

  it('skips a comparison whose option is absent', async () => {
    const run = await runCli(['cookie', 'check', 'corpus/cookies/bad/uuid-mismatch.xml', '--phase', 'prepare', '--json']);
    expect(run.code).toBe(0);
  });

  it('reads standard input and applies the strict policy', async () => {
    const xml = "<qemu-migration><name>g</name><uuid>u</uuid><hostname>h</hostname><hostuuid>0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60</hostuuid><nbd port='70000'/></qemu-migration>";
    expect((await runCli(['cookie', 'check', '-', '--phase', 'perform'], xml)).code).toBe(0);
    const strict = await runCli(['cookie', 'check', '-', '--phase', 'perform', '--policy', 'strict'], xml);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('nbd-port-out-of-range');
  });

  it('exits 2 on usage and I/O errors', async () => {
    expect((await runCli(['cookie', 'check', 'corpus/cookies/valid/libvirt-9.0-begin.xml', '--phase', 'teleport'])).code).toBe(2);
    expect((await runCli(['cookie', 'check', 'does/not/exist.xml'])).code).toBe(2);
    expect((await runCli(['cookie', 'check', 'x.xml', '--libvirt', 'nine'])).code).toBe(2);
    expect((await runCli(['cookie', 'check', '-', '--domain-uuid', 'nope'], '<a/>')).code).toBe(2);
    expect((await runCli(['cookie', 'check', '-', '--bogus'], '<a/>')).code).toBe(2);
  });
});

describe('migsim cookie format', () => {
  it('re-formats like libvirt\'s xml2xml test', async () => {
    const run = await runCli(['cookie', 'format', `${libvirtCorpus}/qemumigrationcookiexmldata/full-xml2xml-in.xml`,
      '--hostname', 'hostname', '--host-uuid', '4a802f00-4cba-5df6-9679-a08c4c5b577f']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readLibvirtCorpus('qemumigrationcookiexmldata/full-xml2xml-out.xml'));
  });

  it('formats as an old libvirt would', async () => {
    const run = await runCli(['cookie', 'format', 'corpus/cookies/valid/libvirt-9.0-prepare.xml', '--libvirt', '1.0.3']);
    expect(run.stdout).toContain("  <nbd port='49153'/>\n");
    expect(run.stdout).not.toContain('<capabilities>');
  });
});

describe('the migsim launcher', () => {
  it('runs as a user runs it', () => {
    const run = spawnCli(['cookie', 'check', '-', '--phase', 'perform', '--json'], "<qemu-migration><name>g</name><uuid>u</uuid><hostname>h</hostname><hostuuid>0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60</hostuuid><nbd port='0x10'/></qemu-migration>");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, errors: [{ code: 'malformed-nbd-port', message: "Malformed nbd port '0x10'" }] });
  });
});
