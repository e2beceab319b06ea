// Layer rules and the no-cycle rule for src/ (design.md, "Layers"): imports only point down,
// and no module reaches itself again through its imports, type-only imports included
// (tsPreCompilationDeps). `npm run lint` runs this; test/layers.test.ts plants a violation and a
// cycle and checks that both are reported.
//
//   cli      the migsim command: anything but the browser page (which is prebuilt)
//   errors   the one table of every error code: the catalogues of every layer below
//   explore  the browser page: model, sim, fuzz, render (no Node I/O, no real peers)
//   real     real peers driven as peers: io, sim, fuzz, render
//   render   text, Markdown, Mermaid and SVG renderings: model, sim, fuzz
//   fuzz     arbitraries, mutators, oracles, campaigns: model, sim, io
//   io       real sockets: model
//   sim      the deterministic world: model
//   model    pure protocol knowledge: nothing else
const allowed = {
  model: [],
  sim: ['model'],
  io: ['model'],
  fuzz: ['model', 'sim', 'io'],
  render: ['model', 'sim', 'fuzz'],
  real: ['model', 'sim', 'io', 'fuzz', 'render'],
  explore: ['model', 'sim', 'fuzz', 'render'],
  errors: ['model', 'sim', 'io', 'fuzz', 'real'],
  cli: ['model', 'sim', 'io', 'fuzz', 'render', 'real', 'errors'],
};

const layers = Object.keys(allowed);

const layerRules = Object.entries(allowed).map(([layer, below]) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only ${below.length > 0 ? below.map((l) => `src/${l}`).join(', ') : 'itself'} (design.md, "Layers")`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(?!(?:${[layer, ...below].join('|')})/)` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle, type-only imports included: split the shared part into a module both import.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'zod-at-the-edges',
      comment: 'zod validates what comes from outside (command lines, case files) and describes JSON output: only src/cli and src/fuzz/campaign use it, so the pure core and the browser page stay free of it.',
      severity: 'error',
      from: { path: '^src/(?!cli/|fuzz/campaign/)' },
      to: { path: '(^|/)node_modules/zod/' },
    },
    {
      name: 'library-entry',
      comment: 'The library entry points (src/index.ts) export the library, not the command or the page.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/(?:cli|explore)/' },
    },
    {
      name: 'known-layer',
      comment: `Every folder of src/ is a layer with rules: ${layers.join(', ')}.`,
      severity: 'error',
      from: { path: `^src/(?!(?:${layers.join('|')})/)[^/]+/` },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'], extensions: ['.ts', '.js', '.d.ts'] },
  },
};
