// Sentences shared by the details and "break it" panels: a decision with the libvirt rule
// behind it, what QEMU did, and a cookie's XML with its <nbd> part highlighted.
import type { Decision, Side } from '../../model/migration/types.js';
import { describeEffect } from '../../render/handshake.js';
import { markNbd } from '../../render/explain.js';
import { code, h } from '../dom.js';
import { sideName, type EffectEvent } from '../steps.js';

const capitalised = (text: string): string => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;

export function decisionItem(side: Side, decision: Decision): HTMLLIElement {
  return h('li', { class: 'decision' }, h('strong', {}, `${capitalised(sideName[side])}: `), `${decision.text}. `,
    h('span', { class: 'rule' }, 'libvirt rule: ', code(decision.rule)));
}

export function effectItem(event: EffectEvent): HTMLLIElement {
  const result = event.result === 'ok' ? `ok${event.detail ? ` (${event.detail})` : ''}` : `${event.result}: [${event.code ?? ''}] ${event.message ?? ''}`;
  return h('li', { class: `effect-item ${event.result}` }, h('strong', {}, `QEMU on the ${sideName[event.side]}: `), `${describeEffect(event.effect)} → ${result}`);
}

/** The XML, one line per row, the lines of every <nbd> element in <mark> (the same lines `migsim explain` marks with >>). */
export function xmlBlock(xml: string, label: string): HTMLPreElement {
  const lines = markNbd(xml).split('\n').map((line) => {
    const body = line.slice(5);
    return line.startsWith('  >> ') ? [h('mark', {}, body), document.createTextNode('\n')] : [document.createTextNode(`${body}\n`)];
  });
  return h('pre', { class: 'xml', tabindex: 0, 'aria-label': label }, ...lines.flat());
}
