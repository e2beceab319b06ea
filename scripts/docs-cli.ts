// Writes docs/cli.md from the commands' flag tables (run: npx tsx scripts/docs-cli.ts).
// test/cli/docs-cli.test.ts fails when the committed file differs from what this produces.
import { writeFileSync } from 'node:fs';
import { cliMarkdown } from '../src/cli/docs.js';

writeFileSync(new URL('../docs/cli.md', import.meta.url), cliMarkdown());
