// Writes docs/schemas/NAME.schema.json from the zod schemas of src/cli/schemas (run: npx tsx
// scripts/docs-schemas.ts). test/cli/json-schemas.test.ts fails when a committed file differs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonDocuments, jsonSchemaText } from '../src/cli/schemas/index.js';

const dir = new URL('../docs/schemas/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const name of Object.keys(jsonDocuments)) writeFileSync(new URL(`${name}.schema.json`, dir), jsonSchemaText(name));
