// Named cookie rewrites for the command line (`migsim real run --rewrite drop-nbd@prepare`);
// the library takes any CookieRewrite function. Each names the cookie it changes by its point
// (begin, prepare, perform, finish: the phase that sent it).
import { fail, ok, type RealResult } from '../errors.js';
import { rewriteText, type CookiePoint, type CookieRewrite } from './cookies.js';

/** Removes every <nbd>...</nbd> or <nbd .../> element, as a peer that does not speak NBD would send. */
export function dropNbd(xml: string): string {
  return xml.replace(/[ \t]*<nbd\b[^>]*\/>\n?/g, '').replace(/[ \t]*<nbd\b[^>]*>[\s\S]*?<\/nbd>\n?/g, '');
}

/** Sets the port of the first <nbd> (libvirt reads the first port attribute, spec §12): '' removes it. */
export function nbdPort(port: string): (xml: string) => string {
  return (xml) => xml.replace(/<nbd\b([^>]*?)(\s+port='[^']*')?(\s*\/?>)/, (_all, before: string, _old, end: string) => `<nbd${before}${port === '' ? '' : ` port='${port}'`}${end}`);
}

/** Sets the first <uuid> (the domain's; libvirt compares it with its own in every phase, qemuMigrationCookieXMLParse). */
export function domainUuid(uuid: string): (xml: string) => string {
  return (xml) => xml.replace(/<uuid>[^<]*<\/uuid>/, `<uuid>${uuid}</uuid>`);
}

const actions: Readonly<Record<string, (xml: string) => string>> = {
  'drop-nbd': dropNbd,
  'pass': (xml) => xml,
};

function action(name: string): ((xml: string) => string) | undefined {
  const port = /^nbd-port=(\d{0,10})$/.exec(name);
  if (port) return nbdPort(port[1] ?? '');
  const uuid = /^uuid=([0-9a-fA-F-]{1,64})$/.exec(name);
  return uuid ? domainUuid(uuid[1] ?? '') : actions[name];
}

/** `ACTION@POINT` → a rewrite that applies the action to that point's cookie only. */
export function namedRewrite(spec: string): RealResult<CookieRewrite> {
  const [name = '', point = ''] = spec.split('@');
  const change = action(name);
  if (change === undefined || !['begin', 'prepare', 'perform', 'finish'].includes(point)) {
    return fail('scenario-invalid', `--rewrite must be ACTION@POINT with ACTION drop-nbd|pass|nbd-port=N|uuid=UUID and POINT begin|prepare|perform|finish (got '${spec}')`);
  }
  const at = point as CookiePoint;
  return ok(rewriteText((xml, context) => (context.point === at ? change(xml) : xml)));
}
