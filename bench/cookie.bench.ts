// Cookie checks per second for a ~1 KB cookie, beside reference parsers in the same run:
// libxml2 (as WebAssembly, with libvirt's XPath lookups), fast-xml-parser's hardened read, and
// native libxml2 through one xmllint process over many files. Cases alternate in short slices
// so that machine noise hits them alike; the median slice rate is reported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { parseCookie } from '../src/model/cookie/index.js';

const cookie = `<qemu-migration>
  <name>migsim-demo</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <hostname>source.example.org</hostname>
  <hostuuid>a6b1b0e4-5c1d-4f57-9c2e-5b0e7f6d2a11</hostuuid>
  <feature name='lockstate'/>
  <feature name='memory-hotplug'/>
  <feature name='cpu-hotplug'/>
  <graphics type='spice' port='5900' listen='0.0.0.0' tlsPort='5901'>
    <cert info='subject' value='C=GB,O=Example,CN=source.example.org'/>
  </graphics>
  <lockstate driver='sanlock'>
    <leases>lease-1:/var/lib/libvirt/sanlock/lease-1:0</leases>
  </lockstate>
  <nbd port='49153'>
    <disk target='vda' capacity='10737418240'/>
    <disk target='vdb' capacity='21474836480'/>
    <disk target='vdc' capacity='1073741824'/>
  </nbd>
  <capabilities>
    <cap name='xbzrle' auto='no'/>
    <cap name='auto-converge' auto='no'/>
    <cap name='postcopy-ram' auto='no'/>
    <cap name='pause-before-switchover' auto='yes'/>
    <cap name='late-block-activate' auto='no'/>
  </capabilities>
</qemu-migration>
`;

const context = {
  phase: 'prepare' as const, domain: { name: 'migsim-demo', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809' },
  localHostUuid: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60',
};

function migsim(): void {
  const result = parseCookie(cookie, context);
  if (!result.ok || result.cookie.nbd?.port !== 49153) throw new Error('benchmark cookie rejected');
}

// What libvirt's parser does with libxml2: parse, then its XPath lookups for this phase.
const lookups = ['string(./name[1])', 'string(./uuid[1])', 'string(./hostname[1])', 'string(./hostuuid[1])',
  'string(./lockstate[1]/@driver)', 'string(./lockstate[1]/leases[1])', 'string(./nbd/@port)'];
function libxml2(): void {
  const doc = XmlDocument.fromString(cookie, { option: ParseOption.XML_PARSE_NONET });
  try {
    const root = doc.root;
    for (const xpath of lookups) root.eval(xpath);
    for (const node of root.find('./feature')) node.eval('string(@name)');
    for (const node of root.find('./nbd/disk')) node.eval('string(./@capacity)');
    for (const node of root.find('./capabilities[1]/cap')) node.eval('string(@name)');
  } finally {
    doc.dispose();
  }
}

const fxp = new XMLParser({
  ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, preserveOrder: true,
  processEntities: false, trimValues: false, maxNestedTags: 32,
});
function fastXmlParser(): void {
  if (cookie.includes('<!DOCTYPE') || XMLValidator.validate(cookie) !== true) throw new Error('invalid');
  fxp.parse(cookie);
}

const cases: readonly [string, () => void][] = [['migsim parseCookie', migsim], ['libxml2-wasm + XPath', libxml2], ['fast-xml-parser hardened', fastXmlParser]];

function slice(run: () => void, sliceMs: number): number {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < sliceMs) {
    for (let i = 0; i < 50; i += 1) run();
    count += 50;
  }
  return count / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function xmllintRate(): number | null {
  if (spawnSync('xmllint', ['--version']).error) return null;
  const dir = mkdtempSync(join(tmpdir(), 'migsim-bench-'));
  try {
    const files = Array.from({ length: 5000 }, (_, i) => join(dir, `c${i}.xml`));
    for (const file of files) writeFileSync(file, cookie);
    const started = performance.now();
    const run = spawnSync('xmllint', ['--noout', '--nonet', ...files]);
    if (run.status !== 0) return null;
    return files.length / ((performance.now() - started) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [, run] of cases) for (let i = 0; i < 3000; i += 1) run();
const rates = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < 15; round += 1) {
  for (const [name, run] of cases) rates.get(name)?.push(slice(run, 200));
}
const ours = median(rates.get('migsim parseCookie') ?? []);
console.log(`cookie: ${Buffer.byteLength(cookie)} bytes, phase prepare with name/uuid/host checks; median of 15 interleaved 200 ms slices`);
for (const [name] of cases) {
  const rate = median(rates.get(name) ?? []);
  console.log(`  ${name.padEnd(28)} ${Math.round(rate).toLocaleString('en').padStart(9)} checks/s   migsim/this = ${(ours / rate).toFixed(2)}`);
}
const native = xmllintRate();
console.log(native === null ? '  xmllint (native libxml2)     not installed'
  : `  ${'xmllint, 5000 files, 1 proc'.padEnd(28)} ${Math.round(native).toLocaleString('en').padStart(9)} docs/s     migsim/this = ${(ours / native).toFixed(2)} (parse only, no lookups)`);
console.log(`target: >= 10,000 checks/s on one core: ${ours >= 10_000 ? 'met' : 'NOT met'}`);
