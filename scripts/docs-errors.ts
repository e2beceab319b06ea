// Writes docs/errors.md from the error catalogues (run: npx tsx scripts/docs-errors.ts).
// test/docs.test.ts fails when the committed table differs from what this produces.
import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '../src/errors/markdown.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsMarkdown());
