// Beside the diagram: the opened cookie (its XML with <nbd> highlighted, why the sender wrote it
// so, how the receiver reacted), or else the phase just revealed (what it is for, its decisions
// with their rules, what QEMU did).
import type { Phase } from '../../model/migration/types.js';
import type { App, Derived, View } from '../app-types.js';
import { fill, h } from '../dom.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, receiverOf, sideName, type PhaseStep } from '../steps.js';
import { decisionItem, effectItem, xmlBlock } from './explain.js';

const purpose: Readonly<Record<Phase, string>> = {
  begin: 'The source decides what it offers and writes the first cookie. Nothing has moved yet.',
  prepare: 'The destination reads the offer, starts a paused QEMU for the incoming guest and, if NBD was offered and storage is to be copied, an NBD server exporting the disks. Its reply says where to send them.',
  perform: 'The source reads the reply and copies: over NBD it mirrors each disk into the destination\'s server, then migrates RAM; without NBD it falls back to QEMU\'s old block migration or gives up, by its age.',
  finish: 'The destination reads the last cookie, stops its NBD server if that cookie says NBD was used, and resumes the guest.',
  confirm: 'The source learns the destination runs the guest and stops its own QEMU (after a failure it resumes the guest instead).',
};

function phaseDetails(step: PhaseStep, index: number, total: number): HTMLElement[] {
  const title = `Phase ${index + 1} of ${total}: ${phaseTitle[step.phase]} on the ${sideName[step.side]}${step.cancelled ? ' (cleaning up after the failure)' : ''}`;
  const out: HTMLElement[] = [h('h3', {}, title)];
  if (!step.cancelled) out.push(h('p', { class: 'purpose' }, purpose[step.phase]));
  if (step.decisions.length > 0) out.push(h('ul', { class: 'decisions' }, ...step.decisions.map((d) => decisionItem(step.side, d))));
  if (step.effects.length > 0) out.push(h('ul', { class: 'effects' }, ...step.effects.map(effectItem)));
  if (step.error) out.push(h('p', { class: 'error' }, `The phase fails: [${step.error.code}] ${step.error.message}`));
  if (step.cookie) out.push(h('p', {}, h('button', { type: 'button', 'data-open': step.cookie.phase }, `Open the ${phaseTitle[step.phase]} cookie it sent`)));
  return out;
}

function cookieDetails(steps: readonly PhaseStep[], sender: PhaseStep, shown: number): HTMLElement[] {
  const cookie = sender.cookie;
  if (!cookie) return [];
  const route = cookie.route.map((p) => (p === 'client' ? 'client' : sideName[p])).join(' → ');
  const delivered = cookie.mutated ?? cookie.xml;
  const out: HTMLElement[] = [
    h('h3', {}, `${phaseTitle[cookie.phase]} cookie: ${route}`),
    h('p', { class: 'meta' }, `${cookie.xml.length} bytes as sent, at ${cookie.atMs.toFixed(1)} ms of virtual time. The <nbd> part is highlighted.`),
  ];
  if (cookie.fault) out.push(h('p', { class: 'fault' }, `On the wire: ${cookie.fault}.`));
  out.push(h('h4', {}, `Why the ${sideName[sender.side]} wrote it so`), h('ul', { class: 'decisions' }, ...sender.decisions.map((d) => decisionItem(sender.side, d))));
  out.push(xmlBlock(cookie.dropped ? cookie.xml : delivered, `${phaseTitle[cookie.phase]} cookie XML${cookie.mutated !== null ? ' as delivered (edited)' : ''}`));
  if (cookie.mutated !== null) out.push(h('details', {}, h('summary', {}, `As the ${sideName[sender.side]} sent it`), xmlBlock(cookie.xml, 'cookie XML as sent')));
  const receiver = receiverOf(steps, sender);
  const revealed = receiver !== null && steps.indexOf(receiver) < shown;
  out.push(h('h4', {}, `How the ${sideName[cookie.to]} reacted`));
  if (!receiver) out.push(h('p', {}, cookie.dropped ? 'It never arrived.' : 'No phase read it: the run ended.'));
  else if (!revealed) out.push(h('p', {}, 'Step on to see it.'));
  else {
    out.push(h('ul', { class: 'decisions' }, ...receiver.decisions.map((d) => decisionItem(receiver.side, d))));
    if (receiver.error) out.push(h('p', { class: 'error' }, `${phaseTitle[receiver.phase]} fails: [${receiver.error.code}] ${receiver.error.message}`));
  }
  out.push(h('p', { class: 'actions' },
    h('button', { type: 'button', 'data-edit': cookie.phase }, 'Break it: edit this cookie'), ' ',
    h('button', { type: 'button', 'data-close': '' }, 'Close')));
  return out;
}

function intro(derived: Derived): HTMLElement[] {
  if (!derived.run) return [h('h3', {}, 'Cannot run'), h('ul', { class: 'problems' }, ...derived.problems.map((p) => h('li', {}, p)))];
  return [h('h3', {}, 'Before the first phase'), h('p', {}, `Protocol ${derived.run.result.protocol}: ${derived.run.result.protocol === 'v3'
    ? 'Begin, Prepare, Perform, Finish, Confirm, each passing an XML cookie to the next.'
    : 'one side is older than libvirt 0.9.2, so Prepare, Perform, Finish carry no cookies at all (and so never NBD).'}`)];
}

export function mountDetails(app: App): View {
  const element = h('div', { class: 'details', id: 'details', 'aria-live': 'polite' });
  element.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    if (target.hasAttribute('data-open')) app.set({ open: target.getAttribute('data-open') as Phase });
    else if (target.hasAttribute('data-close')) app.set({ open: null });
    else if (target.hasAttribute('data-edit')) {
      app.set({ open: target.getAttribute('data-edit') as Phase });
      app.focus('#break-xml');
    }
  });
  return {
    element,
    update: (state: ExploreState, derived) => {
      const index = derived.steps.findIndex((s) => s.cookie?.phase === state.open && !s.cancelled);
      const sender = index >= 0 && index < derived.shown ? derived.steps[index] : undefined;
      const current = derived.steps[derived.shown - 1];
      if (sender) fill(element, ...cookieDetails(derived.steps, sender, derived.shown));
      else if (current && derived.run) fill(element, ...phaseDetails(current, derived.shown - 1, derived.steps.length));
      else fill(element, ...intro(derived));
    },
  };
}
