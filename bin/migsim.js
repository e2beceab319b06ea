#!/usr/bin/env node
// The `migsim` command: the compiled CLI in dist/ (built by `npm run build`, which `npm ci`
// runs through the `prepare` script; an installed package ships it built). Plain Node, no loader:
// TypeScript is only loaded when a user hands the CLI a `.ts` plug-in.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('migsim: not built yet (dist/ is missing); in a checkout, run: npm run build\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
