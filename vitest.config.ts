import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Plug-ins (examples/peers) import migsim by name, as a designer's plug-in does; in the tests the
// names mean the sources, as tsconfig.json's paths do for the type checker.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^migsim$/, replacement: source('./src/index.ts') },
      { find: /^migsim\/fuzz$/, replacement: source('./src/fuzz/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
