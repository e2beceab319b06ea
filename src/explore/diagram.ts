// The sequence diagram, drawn by hand as SVG: a lifeline for the source, the destination and,
// in regular mode, the client that carries the cookies. Each revealed phase adds a note, what
// its QEMU did, how it failed, and the cookie it sent; each cookie is one focusable button (all
// its hops), which opens its XML. Laid out for a 440-unit-wide view box so that text stays
// readable when the page is a phone's width.
import { escapeXml } from '../render/svg-chart.js';
import type { Phase, Side } from '../model/migration/types.js';
import type { HandshakeOutcome } from '../sim/handshake/run.js';
import type { Party } from '../sim/handshake/trace.js';
import { effectLabel, nbdSummary, outcomeHeadline, resultMark } from './labels.js';
import { phaseTitle, sideName, type CookieEvent, type EffectEvent, type PhaseStep } from './steps.js';

export interface DiagramInput {
  readonly steps: readonly PhaseStep[];
  /** How many steps are revealed. */
  readonly shown: number;
  readonly regular: boolean;
  readonly names: Readonly<Record<Side, string>>;
  /** The outcome, once the whole run is revealed. */
  readonly outcome: HandshakeOutcome | null;
  readonly open: Phase | null;
}

interface Row {
  readonly height: number;
  readonly draw: (y: number) => string;
}

const width = 440;
const headerHeight = 80;

function columns(regular: boolean): Readonly<Record<Party, number>> {
  return regular ? { source: 70, client: 220, target: 370 } : { source: 90, client: 220, target: 350 };
}

const text = (x: number, y: number, content: string, cls = '', anchor = 'middle'): string =>
  `<text x="${x}" y="${y}" text-anchor="${anchor}"${cls ? ` class="${cls}"` : ''}>${escapeXml(content)}</text>`;

/** `libvirt=12.5.0,qemu=9.2.0,-nbd-server` → [`libvirt 12.5.0`, `QEMU 9.2.0`, `-nbd-server`]. */
function sideLines(name: string): [string, string, string] {
  const match = /^libvirt=([^,]+),qemu=([^,]+),?(.*)$/.exec(name);
  if (!match) return [name, '', ''];
  return [`libvirt ${match[1] ?? ''}`, `QEMU ${match[2] ?? ''}`, (match[3] ?? '').split(',').filter((s) => s !== '').join(' ')];
}

function header(cols: Readonly<Record<Party, number>>, input: DiagramInput): string {
  const box = (party: Party, title: string, name: string | null): string => {
    const x = cols[party];
    const [libvirt, qemu, caps] = name === null ? ['virsh migrate', '', ''] : sideLines(name);
    const capsLine = caps ? text(inside(x, textWidth(caps, 9.5)), 76, caps, 'party-caps') : '';
    return `<g class="party"><title>${escapeXml(name ?? 'the client (virsh) carries each cookie')}</title><rect x="${x - 68}" y="6" width="136" height="56" rx="6"/>`
      + `${text(x, 23, title, 'party-title')}${text(x, 39, libvirt, 'party-sub')}${text(x, 54, qemu, 'party-sub')}${capsLine}</g>`;
  };
  const client = input.regular ? box('client', 'Client', null) : '';
  return box('source', 'Source', input.names.source) + client + box('target', 'Destination', input.names.target);
}

/** A rough width of a label: about 0.62 em per character in the sans-serif fonts browsers pick. */
function textWidth(label: string, fontPx: number): number {
  return label.length * fontPx * 0.62;
}

/** The x that keeps a span of this width inside the view box, as near `center` as possible. */
function inside(center: number, spanWidth: number): number {
  return Math.min(Math.max(center, spanWidth / 2 + 2), width - spanWidth / 2 - 2);
}

function noteRow(center: number, label: string, cls: string, title = label, minWidth = 120): Row {
  const boxWidth = Math.min(width - 4, Math.max(minWidth, textWidth(label, 12) + 16));
  const x = inside(center, boxWidth);
  return {
    height: 30,
    draw: (y) => `<g class="${cls}"><title>${escapeXml(title)}</title><rect x="${x - boxWidth / 2}" y="${y + 3}" width="${boxWidth}" height="24" rx="4"/>${text(x, y + 19, label)}</g>`,
  };
}

function effectRow(cols: Readonly<Record<Party, number>>, event: EffectEvent): Row {
  const status = event.result === 'ok' ? 'ok' : event.result;
  const title = `${event.effect.kind}: ${event.result}${event.message ? ` — ${event.message}` : ''}${event.detail ? ` (${event.detail})` : ''}`;
  const label = `${effectLabel(event.effect)} ${resultMark(event)}`;
  if (event.effect.kind === 'mirror-start' || event.effect.kind === 'migrate') {
    const [x1, x2] = [cols.source, cols.target];
    return {
      height: 30,
      draw: (y) => `<g class="data ${status}"><title>${escapeXml(title)}</title>${text((x1 + x2) / 2, y + 12, label)}`
        + `<line x1="${x1}" y1="${y + 20}" x2="${x2 - 4}" y2="${y + 20}" marker-end="url(#data-head)"/></g>`,
    };
  }
  const x = cols[event.side];
  return { height: 20, draw: (y) => `<g class="effect ${status}"><title>${escapeXml(title)}</title>${text(x, y + 14, label)}</g>` };
}

function hopLabels(cookie: CookieEvent): string[] {
  const name = `${phaseTitle[cookie.phase]} cookie`;
  const nbd = cookie.dropped ? 'dropped ✗' : `${nbdSummary(cookie.mutated ?? cookie.xml)}${cookie.mutated !== null ? ' ✎' : ''}`;
  return cookie.route.length > 2 ? [name, nbd] : [`${name} · ${nbd}`];
}

function cookieRow(cols: Readonly<Record<Party, number>>, cookie: CookieEvent, open: boolean): Row {
  const hops = cookie.route.slice(1).map((to, i) => [cookie.route[i] ?? to, to] as const);
  const labels = hopLabels(cookie);
  const edited = cookie.mutated !== null ? ' edited' : '';
  const aria = `${phaseTitle[cookie.phase]} cookie from ${sideName[cookie.from]} to ${sideName[cookie.to]}${cookie.route.length > 2 ? ' through the client' : ''}: ${labels.join(', ')}. Open its XML.`;
  const height = 36 * hops.length;
  return {
    height,
    draw: (y) => {
      const lines = hops.map(([from, to], i) => {
        const [x1, x2] = [cols[from], cols[to]];
        const yLine = y + 36 * i + 26;
        const end = x2 > x1 ? x2 - 4 : x2 + 4;
        return text((x1 + x2) / 2, yLine - 7, labels[i] ?? '') + `<line x1="${x1}" y1="${yLine}" x2="${end}" y2="${yLine}" marker-end="url(#cookie-head)"/>`;
      });
      const left = Math.min(...cookie.route.map((p) => cols[p])) - 8;
      const right = Math.max(...cookie.route.map((p) => cols[p])) + 8;
      return `<g class="cookie${edited}${cookie.dropped ? ' dropped' : ''}${open ? ' open' : ''}" role="button" tabindex="0" data-cookie="${cookie.phase}" aria-label="${escapeXml(aria)}"`
        + `${open ? ' aria-pressed="true"' : ' aria-pressed="false"'}><rect class="hit" x="${left}" y="${y + 2}" width="${right - left}" height="${height - 4}" rx="6"/>${lines.join('')}</g>`;
    },
  };
}

function stepRows(cols: Readonly<Record<Party, number>>, step: PhaseStep, index: number, open: Phase | null): Row[] {
  const title = `${index + 1} · ${phaseTitle[step.phase]}${step.cancelled ? ' (cleanup)' : ''}`;
  const rows: Row[] = [noteRow(cols[step.side], title, `phase${step.error ? ' failed' : ''}`, `${title} on the ${sideName[step.side]}`)];
  rows.push(...step.effects.map((e) => effectRow(cols, e)));
  if (step.error) rows.push(noteRow(cols[step.side], `✗ ${step.error.code}`, 'error', `${step.error.code}: ${step.error.message}`));
  if (step.cookie) rows.push(cookieRow(cols, step.cookie, open === step.cookie.phase));
  return rows;
}

function endRows(cols: Readonly<Record<Party, number>>, input: DiagramInput): Row[] {
  const middle = (cols.source + cols.target) / 2;
  const span = cols.target - cols.source + 120;
  const findings = input.steps.flatMap((s) => s.findings).map((f) => noteRow(middle, `⚠ finding: ${f.invariant}`, 'finding', f.message, span));
  if (!input.outcome) return findings;
  const mark = input.outcome.result === 'completed' ? '✓' : '✗';
  const headline = `${mark} ${outcomeHeadline(input.outcome)}`;
  return [...findings, noteRow(middle, headline, `outcome ${input.outcome.result}`, headline, span)];
}

const defs = '<defs><marker id="cookie-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>'
  + '<marker id="data-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="data-head"/></marker></defs>';

export function diagramSvg(input: DiagramInput): string {
  const cols = columns(input.regular);
  const rows = input.steps.slice(0, input.shown).flatMap((step, i) => stepRows(cols, step, i, input.open));
  if (input.shown >= input.steps.length) rows.push(...endRows(cols, input));
  let y = headerHeight + 6;
  const body = rows.map((row) => {
    const drawn = row.draw(y);
    y += row.height;
    return drawn;
  });
  const height = Math.max(y + 12, headerHeight + 60);
  const parties: Party[] = input.regular ? ['source', 'client', 'target'] : ['source', 'target'];
  const lifelines = parties.map((p) => `<line class="lifeline" x1="${cols[p]}" y1="62" x2="${cols[p]}" y2="${height - 4}"/>`).join('');
  const label = `Sequence diagram: ${input.shown} of ${input.steps.length} phases shown`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-label="${escapeXml(label)}">`
    + `${defs}${lifelines}${header(cols, input)}${body.join('')}</svg>`;
}
