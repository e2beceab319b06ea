#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, install the tarball into an empty folder with plain
# npm on Node 20, then run it from another folder (no checkout, no TypeScript loader on the path
# of the compiled CLI): --version, the tour, a 3 s fuzz campaign (its built-in seed corpus found
# inside the package), the explorer written as a static page, a JavaScript and a TypeScript
# plug-in, and the library imported by plain Node from 'migsim' and 'migsim/fuzz'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/migsim-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { printf '\n== smoke: %s\n' "$*"; }

step "npm pack"
tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
ls -l "$work/$tarball"

step "npm install into an empty folder"
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"

mkdir "$work/elsewhere"
cd "$work/elsewhere"
migsim() { "$work/app/node_modules/.bin/migsim" "$@"; }

step "migsim --version"
version=$(migsim --version)
test "$version" = "$(node -p "require('$root/package.json').version")"

step "migsim tour"
migsim tour > tour.txt
grep -q 'The five cases' tour.txt

step "migsim fuzz --time 3s (built-in corpus inside the package)"
migsim fuzz --target all --time 3s --seed 1 --out fuzz-out --json > fuzz.json
node -e "const s = JSON.parse(require('fs').readFileSync('fuzz.json', 'utf8')); if (s.failures !== 0 || !(s.runs > 0)) process.exit(1); console.log(s.runs + ' cases, 0 failures')"

step "migsim explore --out (prebuilt page)"
migsim explore --out site > /dev/null
grep -q '<script>' site/index.html

step "migsim cookie check from stdin"
migsim cookie check - --phase perform < "$work/app/node_modules/migsim/corpus/cookies/valid/libvirt-9.0-prepare.xml"

step "plug-ins: JavaScript and TypeScript, loaded from the app folder"
cat > "$work/app/peer.mjs" <<'JS'
export default { name: 'smoke js peer', source: (libvirt) => ({ ...libvirt, name: 'smoke js peer' }) };
JS
cat > "$work/app/peer.ts" <<'TS'
import type { PeerPlugin } from 'migsim/fuzz';
const plugin: PeerPlugin = { name: 'smoke ts peer', target: (libvirt) => ({ ...libvirt, name: 'smoke ts peer' }) };
export default plugin;
TS
migsim fuzz --target handshake --runs 50 --peer "$work/app/peer.mjs" --out fuzz-out > /dev/null
migsim fuzz --target handshake --runs 50 --peer "$work/app/peer.ts" --out fuzz-out > /dev/null

step "library: plain Node imports 'migsim' and 'migsim/fuzz'"
cd "$work/app"
node --input-type=module -e "
import { parseCookie, simulateHandshake, buildScenario, parseSideSpec } from 'migsim';
import { handshakeTarget, runTargetCampaign } from 'migsim/fuzz';
import { readFileSync } from 'node:fs';
const xml = readFileSync('node_modules/migsim/corpus/cookies/valid/libvirt-9.0-prepare.xml', 'utf8');
const parsed = parseCookie(xml, { phase: 'perform' });
if (!parsed.ok) throw new Error('the corpus cookie was refused');
const side = parseSideSpec('libvirt=9.0.0,qemu=7.2.0');
if (!side.ok) throw new Error(side.message);
const run = simulateHandshake(buildScenario({ source: side.profile, target: side.profile, copyStorage: 'all' }));
if (run.outcome.result !== 'completed' || run.outcome.storage !== 'nbd') throw new Error(JSON.stringify(run.outcome));
if (typeof handshakeTarget !== 'function' || typeof runTargetCampaign !== 'function') throw new Error('migsim/fuzz exports missing');
console.log('library ok: nbd port ' + parsed.cookie.nbd?.port + ', handshake ' + run.outcome.storage);
"
test -f node_modules/migsim/dist/index.d.ts
test -f node_modules/migsim/dist/fuzz/index.d.ts

step "runtime dependencies"
node -e "const p = require('./node_modules/migsim/package.json'); console.log(Object.keys(p.dependencies).join(', '))"
printf '\nsmoke: the packed migsim works from an empty folder\n'
