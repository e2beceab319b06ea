// Goal: the renderings say what happened. `matrix --diff-policy` shows libvirt's whole cell in
// its 'was' column, findings included, so no changed row reads the same on both sides; Mermaid
// output keeps `&lt;` and `&gt;` whole (the sanitiser's `;` rule must not cut them). Method: run
// the CLI in-process and read its output; check mermaidText on a hostile string.
import { describe, expect, it } from 'vitest';
import { mermaidText } from '../../src/render/handshake.js';
import { runCli } from '../support/cli.js';

describe('matrix --diff-policy', () => {
  it.each(['nbd-stop=own-state', 'strict'])('--policy %s: every shown row differs from the cell it was', async (policy) => {
    const run = await runCli(['matrix', '--policy', policy, '--diff-policy', '--markdown']);
    const rows = run.stdout.trim().split('\n').slice(2).map((line) => line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '')));
    expect(rows.length).toBeGreaterThan(0);
    for (const cells of rows) {
      const [result, storage, errorCode, phase, findings, was] = cells.slice(4);
      const now = `${result === 'completed' ? storage : `failed ${errorCode} (${phase})`}${findings ? `, findings: ${findings}` : ''}`;
      expect(was, cells.join(' | ')).not.toBe(now);
    }
    expect(run.stdout).toMatch(/nbd, findings: nbd-server-left-running/);
  });
});

describe('Mermaid', () => {
  it('keeps &lt; and &gt; whole and drops statement separators', async () => {
    expect(mermaidText('a <nbd> b; c #1')).toBe('a &lt;nbd&gt; b  c  1');
    const run = await runCli(['simulate', '--mermaid']);
    expect(run.stdout).toContain('&lt;nbd&gt;');
    expect(run.stdout).not.toMatch(/&lt |&gt /);
  });
});
