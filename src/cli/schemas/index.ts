// Every JSON document migsim prints or reads, by the name of its file under docs/schemas/: one
// per command's --json output (the `migsim real` actions' included), and the case file fuzz
// writes and replay reads. The files are generated from these zod schemas
// (scripts/docs-schemas.ts); tests check real output against the schemas and the committed
// files against the generated ones.
import { z } from 'zod';
import { caseFileSchema } from '../../fuzz/campaign/case-file.js';
import { cookieCheckSchema, cookieFormatSchema } from './cookie.js';
import { explainSchema } from './explain.js';
import { exploreSchema } from './explore.js';
import { fuzzSchema } from './fuzz.js';
import { matrixSchema } from './matrix.js';
import { policiesSchema } from './policies.js';
import { realDiffSchema } from './real-diff.js';
import { realFuzzSchema } from './real-fuzz.js';
import { realDownSchema, realStatusSchema, realUpSchema } from './real-hosts.js';
import { realReplaySchema } from './real-replay.js';
import { realRunSchema } from './real-run.js';
import { replaySchema } from './replay.js';
import { simulateSchema } from './simulate.js';
import { streamSchema } from './stream.js';
import { tourSchema } from './tour.js';
import { validateStreamSchema } from './validate-stream.js';

interface Document {
  readonly schema: z.ZodType;
  readonly title: string;
  /** What the file describes: a command's output, or an input migsim reads (then its input form is documented). */
  readonly io: 'output' | 'input';
}

export const jsonDocuments: Readonly<Record<string, Document>> = {
  tour: { schema: tourSchema, title: 'migsim tour --json', io: 'output' },
  simulate: { schema: simulateSchema, title: 'migsim simulate --json', io: 'output' },
  explain: { schema: explainSchema, title: 'migsim explain --json', io: 'output' },
  matrix: { schema: matrixSchema, title: 'migsim matrix --json', io: 'output' },
  fuzz: { schema: fuzzSchema, title: 'migsim fuzz --json', io: 'output' },
  replay: { schema: replaySchema, title: 'migsim replay --json', io: 'output' },
  policies: { schema: policiesSchema, title: 'migsim policies --json', io: 'output' },
  'cookie-check': { schema: cookieCheckSchema, title: 'migsim cookie check --json', io: 'output' },
  'cookie-format': { schema: cookieFormatSchema, title: 'migsim cookie format --json', io: 'output' },
  stream: { schema: streamSchema, title: 'migsim stream --json', io: 'output' },
  'validate-stream': { schema: validateStreamSchema, title: 'migsim validate-stream --json', io: 'output' },
  explore: { schema: exploreSchema, title: 'migsim explore --json', io: 'output' },
  'real-up': { schema: realUpSchema, title: 'migsim real up --json', io: 'output' },
  'real-run': { schema: realRunSchema, title: 'migsim real run --json (also the record real run --out writes and corpus/real keeps)', io: 'output' },
  'real-status': { schema: realStatusSchema, title: 'migsim real status --json', io: 'output' },
  'real-diff': { schema: realDiffSchema, title: 'migsim real diff --json', io: 'output' },
  'real-fuzz': { schema: realFuzzSchema, title: 'migsim real fuzz --json', io: 'output' },
  'real-replay': { schema: realReplaySchema, title: 'migsim real replay --json', io: 'output' },
  'real-down': { schema: realDownSchema, title: 'migsim real down --json', io: 'output' },
  'case-file': { schema: caseFileSchema, title: 'a migsim case file (written by migsim fuzz, read by migsim replay)', io: 'input' },
};

/** The JSON Schema text of one document, as committed under docs/schemas/NAME.schema.json. */
export function jsonSchemaText(name: string): string {
  const document = jsonDocuments[name];
  if (!document) throw new Error(`no JSON document named ${name}`);
  const json = z.toJSONSchema(document.schema, { target: 'draft-2020-12', io: document.io, reused: 'ref' });
  return JSON.stringify({ ...json, title: document.title }, null, 2) + '\n';
}
