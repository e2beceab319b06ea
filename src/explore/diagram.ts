// The sequence diagram, drawn by hand as SVG: a lifeline for the source, the destination and,
// in regular mode, the client that carries the cookies. Each revealed phase adds a note, what
// its QEMU did, how it failed, and the cookie it sent; each cookie is one focusable button (all
// its hops), which opens its XML. The view box is 360 units wide and every label 12 units, so
// that on a 390 px phone (366 px for the diagram) no label is under 12 px; long labels wrap
// rather than leave the diagram.
import { escapeXml } from '../render/svg-chart.js';
import type { Phase, Side } from '../model/migration/types.js';
import type { HandshakeOutcome } from '../sim/handshake/run.js';
import type { Party } from '../sim/handshake/trace.js';
import { effectLabel, nbdSummary, outcomeHeadline, resultMark } from './labels.js';
import { phaseTitle, sideName, type CookieEvent, type EffectEvent, type Moment, type PhaseStep } from './steps.js';
import { labelPx, textWidth, wrapText } from './text-fit.js';

export interface DiagramInput {
  readonly steps: readonly PhaseStep[];
  /** How many steps are revealed. */
  readonly shown: number;
  readonly regular: boolean;
  readonly names: Readonly<Record<Side, string>>;
  /** The outcome, once the whole run is revealed. */
  readonly outcome: HandshakeOutcome | null;
  readonly open: Phase | null;
  /** The moment the time slider points at (its row is marked), or null. */
  readonly now?: Moment | null;
  /** The step that decided the outcome (marked once the whole run is revealed), or null. */
  readonly decisive?: number | null;
}

interface Row {
  readonly height: number;
  readonly draw: (y: number) => string;
}

export const diagramWidth = 360;
const margin = 4;
const lineHeight = 15;
const boxWidth = 112;

function columns(regular: boolean): Readonly<Record<Party, number>> {
  return regular ? { source: 60, client: 180, target: 300 } : { source: 75, client: 180, target: 285 };
}

/** Lines of text centred on x, the first baseline at y. */
const text = (x: number, y: number, lines: readonly string[], cls = ''): string => {
  const attrs = `${cls ? ` class="${cls}"` : ''} text-anchor="middle"`;
  if (lines.length === 1) return `<text x="${x}" y="${y}"${attrs}>${escapeXml(lines[0] ?? '')}</text>`;
  // A space ends every line but the last, so that the element's text reads as the label it wraps.
  const spans = lines.map((line, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : lineHeight}">${escapeXml(i + 1 < lines.length ? `${line} ` : line)}</tspan>`).join('');
  return `<text x="${x}" y="${y}"${attrs}>${spans}</text>`;
};

/** The x that keeps a span of this width inside the view box, as near `center` as possible. */
function inside(center: number, spanWidth: number): number {
  return Math.min(Math.max(center, spanWidth / 2 + margin), diagramWidth - spanWidth / 2 - margin);
}

const widest = (lines: readonly string[], bold = false): number => Math.max(0, ...lines.map((l) => textWidth(l, bold)));

/** `libvirt=12.5.0,qemu=9.2.0,-nbd-server` → [`libvirt 12.5.0`, `QEMU 9.2.0`, [`-nbd-server`]]. */
function sideLines(name: string): [string, string, string[]] {
  const match = /^libvirt=([^,]+),qemu=([^,]+),?(.*)$/.exec(name);
  if (!match) return [name, '', []];
  return [`libvirt ${match[1] ?? ''}`, `QEMU ${match[2] ?? ''}`, (match[3] ?? '').split(',').filter((s) => s !== '')];
}

interface Header {
  readonly height: number;
  readonly svg: string;
}

function header(cols: Readonly<Record<Party, number>>, input: DiagramInput): Header {
  let height = 70;
  const box = (party: Party, title: string, name: string | null): string => {
    const x = cols[party];
    const [libvirt, qemu, caps] = name === null ? ['virsh migrate', '', []] : sideLines(name);
    const capsLines = caps.length > 0 ? wrapText(caps.join(' '), boxWidth + 8) : [];
    height = Math.max(height, 70 + capsLines.length * lineHeight + (capsLines.length > 0 ? 6 : 0));
    const capsText = capsLines.length > 0 ? text(inside(x, widest(capsLines)), 84, capsLines, 'party-caps') : '';
    return `<g class="party"><title>${escapeXml(name ?? 'the client (virsh) carries each cookie')}</title><rect x="${x - boxWidth / 2}" y="6" width="${boxWidth}" height="58" rx="6"/>`
      + `${text(x, 23, [title], 'party-title')}${text(x, 39, [libvirt])}${qemu ? text(x, 54, [qemu]) : ''}${capsText}</g>`;
  };
  const client = input.regular ? box('client', 'Client', null) : '';
  const svg = box('source', 'Source', input.names.source) + client + box('target', 'Destination', input.names.target);
  return { height, svg };
}

interface NoteOptions {
  readonly title?: string;
  readonly minWidth?: number;
  readonly bold?: boolean;
  readonly attrs?: string;
}

/** A boxed note centred on a column, wrapped to fit the diagram. */
function noteRow(center: number, label: string, cls: string, options: NoteOptions = {}): Row {
  const bold = options.bold ?? false;
  const lines = wrapText(label, diagramWidth - 2 * margin - 16, bold);
  const width = Math.min(diagramWidth - 2 * margin, Math.max(options.minWidth ?? 120, widest(lines, bold) + 16));
  const x = inside(center, width);
  const boxHeight = 22 + (lines.length - 1) * lineHeight;
  return {
    height: boxHeight + 8,
    draw: (y) => `<g class="${cls}"${options.attrs ?? ''}><title>${escapeXml(options.title ?? label)}</title>`
      + `<rect x="${x - width / 2}" y="${y + 3}" width="${width}" height="${boxHeight}" rx="4"/>${text(x, y + 18, lines)}</g>`,
  };
}

function effectRow(cols: Readonly<Record<Party, number>>, event: EffectEvent, now: Moment | null | undefined): Row {
  const status = event.result === 'ok' ? 'ok' : event.result;
  const title = `${event.effect.kind}: ${event.result}${event.message ? ` — ${event.message}` : ''}${event.detail ? ` (${event.detail})` : ''}`;
  const label = `${effectLabel(event.effect)} ${resultMark(event)}`;
  const cls = `${status}${now?.event === event ? ' now' : ''}`;
  if (event.effect.kind === 'mirror-start' || event.effect.kind === 'migrate') {
    const [x1, x2] = [cols.source, cols.target];
    const lines = wrapText(label, diagramWidth - 2 * margin);
    const x = inside((x1 + x2) / 2, widest(lines));
    const textHeight = lines.length * lineHeight;
    return {
      height: textHeight + 16,
      draw: (y) => `<g class="data ${cls}"><title>${escapeXml(title)}</title>${text(x, y + 13, lines)}`
        + `<line x1="${x1}" y1="${y + textHeight + 6}" x2="${x2 - 4}" y2="${y + textHeight + 6}" marker-end="url(#data-head)"/></g>`,
    };
  }
  const lines = wrapText(label, diagramWidth - 2 * margin);
  const x = inside(cols[event.side], widest(lines));
  return { height: lines.length * lineHeight + 6, draw: (y) => `<g class="effect ${cls}"><title>${escapeXml(title)}</title>${text(x, y + 14, lines)}</g>` };
}

function hopLabels(cookie: CookieEvent): string[] {
  const name = `${phaseTitle[cookie.phase]} cookie`;
  const nbd = cookie.dropped ? 'dropped ✗' : `${nbdSummary(cookie.mutated ?? cookie.xml)}${cookie.mutated !== null ? ' ✎' : ''}`;
  return cookie.route.length > 2 ? [name, nbd] : [`${name} · ${nbd}`];
}

function cookieRow(cols: Readonly<Record<Party, number>>, cookie: CookieEvent, open: boolean): Row {
  const hops = cookie.route.slice(1).map((to, i) => [cookie.route[i] ?? to, to] as const);
  const labels = hopLabels(cookie).map((label) => wrapText(label, diagramWidth - 2 * margin, true));
  const edited = cookie.mutated !== null ? ' edited' : '';
  // The name starts with the text on screen (WCAG 2.5.3, label in name), then says where it goes.
  const aria = `${labels.flat().join(' ')}: from the ${sideName[cookie.from]} to the ${sideName[cookie.to]}${cookie.route.length > 2 ? ' through the client' : ''}. Opens its XML.`;
  const hopHeights = hops.map((_, i) => (labels[i]?.length ?? 1) * lineHeight + 20);
  const height = hopHeights.reduce((a, b) => a + b, 0);
  return {
    height,
    draw: (y) => {
      let top = y;
      const lines = hops.map(([from, to], i) => {
        const [x1, x2] = [cols[from], cols[to]];
        const hopLines = (labels[i] ?? ['']).map((line, j, all) => (j + 1 === all.length && i + 1 < hops.length ? `${line} ` : line));
        const yLine = top + hopLines.length * lineHeight + 10;
        const end = x2 > x1 ? x2 - 4 : x2 + 4;
        const drawn = text(inside((x1 + x2) / 2, widest(hopLines, true)), top + 14, hopLines)
          + `<line x1="${x1}" y1="${yLine}" x2="${end}" y2="${yLine}" marker-end="url(#cookie-head)"/>`;
        top += hopHeights[i] ?? 0;
        return drawn;
      });
      const left = Math.max(1, Math.min(...cookie.route.map((p) => cols[p])) - 8);
      const right = Math.min(diagramWidth - 1, Math.max(...cookie.route.map((p) => cols[p])) + 8);
      return `<g class="cookie${edited}${cookie.dropped ? ' dropped' : ''}${open ? ' open' : ''}" role="button" tabindex="0" data-cookie="${cookie.phase}" aria-label="${escapeXml(aria)}"`
        + ` aria-pressed="${open}"><rect class="hit" x="${left}" y="${y + 2}" width="${right - left}" height="${height - 4}" rx="6"/>${lines.join('')}</g>`;
    },
  };
}

function stepRows(cols: Readonly<Record<Party, number>>, step: PhaseStep, index: number, input: DiagramInput): Row[] {
  const title = `${index + 1} · ${phaseTitle[step.phase]}${step.cancelled ? ' (cleanup)' : ''}`;
  const decisive = input.decisive === index;
  const now = input.now?.step === index ? input.now.event : null;
  // The phase's start marks its note; its end marks the failure note when it failed, else the note too.
  const noteNow = now !== null && (now.kind === 'phase-start' || (now.kind === 'phase-end' && !step.error));
  const cls = `phase${step.error ? ' failed' : ''}${decisive ? ' decisive' : ''}${noteNow ? ' now' : ''}`;
  const rows: Row[] = [noteRow(cols[step.side], decisive ? `${title} ★` : title, cls, {
    title: `${title} on the ${sideName[step.side]}${decisive ? ': this phase decided the outcome' : ''}`, bold: true, attrs: ` data-step="${index}"`,
  })];
  rows.push(...step.effects.map((e) => effectRow(cols, e, input.now)));
  if (step.error) {
    const errorNow = now?.kind === 'phase-end' ? ' now' : '';
    rows.push(noteRow(cols[step.side], `✗ ${step.error.code}`, `error${errorNow}`, { title: `${step.error.code}: ${step.error.message}` }));
  }
  if (step.cookie) rows.push(cookieRow(cols, step.cookie, input.open === step.cookie.phase));
  return rows;
}

function endRows(cols: Readonly<Record<Party, number>>, input: DiagramInput): Row[] {
  const middle = (cols.source + cols.target) / 2;
  const span = cols.target - cols.source + 100;
  const findings = input.steps.flatMap((s) => s.findings).map((f) => noteRow(middle, `⚠ finding: ${f.invariant}`, 'finding', { title: f.message, minWidth: span }));
  if (!input.outcome) return findings;
  const mark = input.outcome.result === 'completed' ? '✓' : '✗';
  const headline = `${mark} ${outcomeHeadline(input.outcome)}`;
  return [...findings, noteRow(middle, headline, `outcome ${input.outcome.result}`, { title: headline, minWidth: span, bold: true })];
}

const defs = '<defs><marker id="cookie-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>'
  + '<marker id="data-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="data-head"/></marker></defs>';

/** The diagram as an SVG element; `extra` goes first inside it (the export puts its stylesheet there). */
export function diagramSvg(input: DiagramInput, extra = ''): string {
  const cols = columns(input.regular);
  const head = header(cols, input);
  const rows = input.steps.slice(0, input.shown).flatMap((step, i) => stepRows(cols, step, i, input));
  if (input.shown >= input.steps.length) rows.push(...endRows(cols, input));
  let y = head.height;
  const body = rows.map((row) => {
    const drawn = row.draw(y);
    y += row.height;
    return drawn;
  });
  const height = Math.max(y + 12, head.height + 40);
  const parties: Party[] = input.regular ? ['source', 'client', 'target'] : ['source', 'target'];
  const lifelines = parties.map((p) => `<line class="lifeline" x1="${cols[p]}" y1="64" x2="${cols[p]}" y2="${height - 4}"/>`).join('');
  const label = input.steps.length === 0 ? 'Sequence diagram: the hosts, before the first phase' : `Sequence diagram: ${input.shown} of ${input.steps.length} phases shown`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 ${diagramWidth} ${height}" width="${diagramWidth}" height="${height}" role="group" aria-label="${escapeXml(label)}" font-size="${labelPx}">`
    + `${extra}${defs}${lifelines}${head.svg}${body.join('')}</svg>`;
}
