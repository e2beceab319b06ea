// One line per command, for `migsim --help`, each command's own help and docs/cli.md. Apart from
// the commands themselves so that `migsim --help` lists them without loading any.
export const commandSummaries = {
  tour: 'the five fallback cases and the matrix summary (what npm start runs)',
  simulate: 'run one migration between simulated hosts and show every step',
  explain: 'one migration told phase by phase in plain words',
  matrix: 'every version pair and storage mode, with the five review cases marked',
  fuzz: 'fuzz the cookie codec and whole handshakes; one-line repro on failure',
  'fuzz merge': 'merge the summaries, coverage and corpora of fuzz shards (CI jobs or --workers)',
  replay: 'run a case file written by migsim fuzz again, exactly',
  policies: 'list the designer policy presets and switches',
  'cookie check': 'read a cookie as a given phase of a given libvirt would',
  'cookie format': "re-format a cookie byte for byte as a libvirt version's formatter would",
  stream: 'time an NBD storage copy on a link, and whether it gets READY under guest writes',
  'validate-stream': 'real QEMU mirror and migsim client into delayed nbdkit vs the stream model',
  explore: 'the interactive handshake explorer in a browser (served on 127.0.0.1, or --out DIR)',
  real: 'a real libvirtd pair in namespaces: up, run a migration and record it, diff, fuzz, down',
  'real up': 'start two real libvirtd hosts in namespaces on this machine (root)',
  'real run': 'migrate a guest between the real hosts and record every phase',
  'real status': 'whether both real hosts\' daemons are running and answering',
  'real diff': 'a real run and simulate of the same scenario, compared',
  'real fuzz': 'the fuzzer\'s cookie mutators in flight on the real p2p link',
  'real replay': 'run a real fuzz case file on the real pair again',
  'real down': 'stop everything the harness started and remove its directory',
} as const;

export type CommandName = keyof typeof commandSummaries;
