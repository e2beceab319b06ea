// The migsim command straight from the TypeScript sources, without a build: `npm run dev -- ARGS`.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
