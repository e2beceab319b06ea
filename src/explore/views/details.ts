// Beside the diagram: the opened cookie (its XML with <nbd> highlighted and every name explained
// by the glossary, prepared ways to break it, and the libvirt-versus-strict verdict on it as
// delivered), or else the phase just revealed; at the end of the run, the phase that decided the
// outcome. Decisions are shown with their text and rule exactly as the model gives them.
import type { Phase } from '../../model/migration/types.js';
import type { App, Derived, View } from '../app-types.js';
import { fill, h } from '../dom.js';
import { editBetween, withEdit } from '../edits.js';
import { outcomeHeadline } from '../labels.js';
import { mutations } from '../mutations.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, receiverOf, sideName, type PhaseStep } from '../steps.js';
import { decisionItem, effectItem } from './explain.js';
import { glossaryPanel } from './glossary-view.js';
import { mountVerdict, type VerdictTable } from './verdict.js';
import { xmlView } from './xml-view.js';

const purpose: Readonly<Record<Phase, string>> = {
  begin: 'The source decides what it offers and writes the first cookie. Nothing has moved yet.',
  prepare: 'The destination reads the offer, starts a paused QEMU for the incoming guest and, if NBD was offered and storage is to be copied, an NBD server exporting the disks. Its reply says where to send them.',
  perform: 'The source reads the reply and copies: over NBD it mirrors each disk into the destination\'s server, then migrates RAM; without NBD it falls back to QEMU\'s old block migration or gives up, by its age.',
  finish: 'The destination reads the last cookie, stops its NBD server if that cookie says NBD was used, and resumes the guest.',
  confirm: 'The source learns the destination runs the guest and stops its own QEMU (after a failure it resumes the guest instead).',
};

function phaseDetails(step: PhaseStep, index: number, total: number): HTMLElement[] {
  const title = `Phase ${index + 1} of ${total}: ${phaseTitle[step.phase]} on the ${sideName[step.side]}${step.cancelled ? ' (cleaning up after the failure)' : ''}`;
  const out: HTMLElement[] = [h('h3', { 'data-step': index }, title)];
  if (!step.cancelled) out.push(h('p', { class: 'purpose' }, purpose[step.phase]));
  if (step.decisions.length > 0) out.push(h('ul', { class: 'decisions' }, ...step.decisions.map((d) => decisionItem(step.side, d))));
  if (step.effects.length > 0) out.push(h('ul', { class: 'effects' }, ...step.effects.map(effectItem)));
  if (step.error) out.push(h('p', { class: 'error' }, `The phase fails: [${step.error.code}] ${step.error.message}`));
  if (step.cookie) out.push(h('p', {}, h('button', { type: 'button', 'data-open': step.cookie.phase }, `Open the ${phaseTitle[step.phase]} cookie it sent`)));
  return out;
}

/** At the end of the run: how it ended, then the phase that decided it. */
function endDetails(derived: Derived, decisive: number): HTMLElement[] {
  const step = derived.steps[decisive];
  const run = derived.run;
  if (!step || !run) return [];
  const last = derived.steps.length;
  const lastStep = derived.steps[last - 1];
  const lastMoment = derived.moments.length - 1;
  return [
    h('p', { class: `ending ${run.result.outcome.result}` }, h('strong', {}, `How it ended: ${outcomeHeadline(run.result.outcome)}. `),
      `Phase ${decisive + 1}, ${phaseTitle[step.phase]} on the ${sideName[step.side]}, decided it${decisive + 1 < last ? `; the phases after it ${run.result.outcome.result === 'failed' ? 'clean up' : 'complete the switch'}` : ''}.`),
    ...phaseDetails(step, decisive, last),
    decisive + 1 < last && lastStep
      ? h('p', {}, h('button', { type: 'button', 'data-at': lastMoment }, `Show the last phase, ${phaseTitle[lastStep.phase]}${lastStep.cancelled ? ' (cleanup)' : ''}`)) : null,
  ].filter((e): e is HTMLElement => e !== null);
}

function intro(derived: Derived): HTMLElement[] {
  if (derived.pending) return [h('h3', {}, 'Simulating the run…')];
  if (!derived.run) return [h('h3', {}, 'Cannot run'), h('ul', { class: 'problems' }, ...derived.problems.map((p) => h('li', {}, p)))];
  return [h('h3', {}, 'Before the first phase'), h('p', {}, `Protocol ${derived.run.result.protocol}: ${derived.run.result.protocol === 'v3'
    ? 'Begin, Prepare, Perform, Finish, Confirm, each passing an XML cookie to the next.'
    : 'one side is older than libvirt 0.9.2, so Prepare, Perform, Finish carry no cookies at all (and so never NBD).'}`)];
}

function mutationGroup(sender: PhaseStep, state: ExploreState): HTMLElement {
  const cookie = sender.cookie;
  const buttons = mutations.map((m) => h('button', {
    type: 'button', 'data-mutation': m.name, title: m.explanation, disabled: cookie === null || m.apply(cookie.xml) === null,
  }, m.label));
  const edited = state.edits.some((e) => e.phase === sender.phase);
  return h('div', { class: 'mutations', role: 'group', 'aria-label': `Break it: change the ${phaseTitle[sender.phase]} cookie on the wire` },
    h('span', { class: 'mutations-label' }, 'Break it:'), ...buttons,
    h('button', { type: 'button', 'data-edit': sender.phase, title: 'Edit the XML in the Break it section' }, 'Edit…'),
    edited ? h('button', { type: 'button', 'data-undo': sender.phase }, 'Undo') : null);
}

function cookieDetails(steps: readonly PhaseStep[], sender: PhaseStep, shown: number, state: ExploreState, verdict: VerdictTable, glossary: HTMLElement): HTMLElement[] {
  const cookie = sender.cookie;
  if (!cookie) return [];
  const route = cookie.route.map((p) => (p === 'client' ? 'client' : sideName[p])).join(' → ');
  const delivered = cookie.mutated ?? cookie.xml;
  const out: HTMLElement[] = [
    h('h3', { 'data-cookie-details': cookie.phase }, `${phaseTitle[cookie.phase]} cookie: ${route}`),
    h('p', { class: 'meta' }, `${cookie.xml.length} bytes as sent, at ${cookie.atMs.toFixed(1)} ms of virtual time.`,
      cookie.fault ? h('span', { class: 'fault' }, ` On the wire: ${cookie.fault}.`) : ''),
  ];
  // The verdict first, then the ways to break it: both stay in view beside the diagram.
  verdict.update(state, cookie.phase);
  out.push(verdict.element, mutationGroup(sender, state));
  out.push(xmlView(cookie.dropped ? cookie.xml : delivered, `${phaseTitle[cookie.phase]} cookie XML${cookie.mutated !== null ? ' as delivered (edited)' : ''}`), glossary);
  if (cookie.mutated !== null) out.push(h('details', {}, h('summary', {}, `As the ${sideName[sender.side]} sent it`), xmlView(cookie.xml, 'cookie XML as sent')));
  out.push(h('h4', {}, `Why the ${sideName[sender.side]} wrote it so`), h('ul', { class: 'decisions' }, ...sender.decisions.map((d) => decisionItem(sender.side, d))));
  const receiver = receiverOf(steps, sender);
  const revealed = receiver !== null && steps.indexOf(receiver) < shown;
  out.push(h('h4', {}, `How the ${sideName[cookie.to]} reacted`));
  if (!receiver) out.push(h('p', {}, cookie.dropped ? 'It never arrived.' : 'No phase read it: the run ended.'));
  else if (!revealed) out.push(h('p', {}, 'Step on to see it.'));
  else {
    out.push(h('ul', { class: 'decisions' }, ...receiver.decisions.map((d) => decisionItem(receiver.side, d))));
    if (receiver.error) out.push(h('p', { class: 'error' }, `${phaseTitle[receiver.phase]} fails: [${receiver.error.code}] ${receiver.error.message}`));
  }
  out.push(h('p', { class: 'actions' }, h('button', { type: 'button', 'data-close': '' }, 'Close the cookie')));
  return out;
}

const glossaryHint = (): HTMLElement => h('p', { class: 'glossary-hint', id: 'glossary' }, 'Click any element or attribute name in the XML to see what it means, who writes and reads it, and what a missing, duplicated or malformed one does.');

export function mountDetails(app: App): View {
  const element = h('section', { class: 'details', id: 'details', 'aria-labelledby': 'details-title' });
  const heading = h('h2', { id: 'details-title', class: 'pane-title' }, 'Details');
  const body = h('div', { class: 'details-body' });
  element.append(heading, body);
  const verdict = mountVerdict(app);
  let glossary: HTMLElement = glossaryHint();
  let drawnFor: unknown[] = [];
  const sender = (): PhaseStep | null => {
    const phase = app.state().open;
    return app.derived().steps.find((s) => s.cookie?.phase === phase && !s.cancelled) ?? null;
  };
  const mutate = (name: string): void => {
    const from = sender();
    const mutated = from?.cookie ? mutations.find((m) => m.name === name)?.apply(from.cookie.xml) : null;
    if (!from?.cookie || !mutated) return;
    app.set({ edits: withEdit(app.state().edits, from.phase, editBetween(from.phase, from.cookie.xml, mutated)), open: from.phase });
  };
  element.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    const path = target.getAttribute('data-path');
    if (path !== null) {
      const next = glossaryPanel(path);
      glossary.replaceWith(next);
      glossary = next;
      for (const name of element.querySelectorAll('button.gl[aria-current]')) name.removeAttribute('aria-current');
      target.setAttribute('aria-current', 'true');
      app.announce(`${next.querySelector('h4')?.textContent ?? path}.`);
    } else if (target.hasAttribute('data-open')) app.set({ open: target.getAttribute('data-open') as Phase });
    else if (target.hasAttribute('data-close')) app.set({ open: null });
    else if (target.hasAttribute('data-at')) app.set({ step: null, at: Number(target.getAttribute('data-at')) });
    else if (target.hasAttribute('data-mutation')) mutate(target.getAttribute('data-mutation') ?? '');
    else if (target.hasAttribute('data-undo')) app.set({ edits: withEdit(app.state().edits, target.getAttribute('data-undo') as Phase, null) });
    else if (target.hasAttribute('data-edit')) {
      app.set({ open: target.getAttribute('data-edit') as Phase });
      app.focus('#break-xml');
    }
  });
  return {
    element,
    update: (state: ExploreState, derived) => {
      const index = derived.steps.findIndex((s) => s.cookie?.phase === state.open && !s.cancelled);
      const open = index >= 0 && index < derived.shown ? derived.steps[index] : undefined;
      const atEnd = derived.shown >= derived.steps.length && state.at === null && derived.decisive !== null;
      // Redraw only when what the panel shows changed, so that a play tick keeps focus and scroll.
      const receiver = open ? receiverOf(derived.steps, open) : null;
      const reacted = receiver !== null && derived.steps.indexOf(receiver) < derived.shown;
      const key = [derived.run, derived.pending, open?.phase, open ? reacted : derived.shown, atEnd, state.edits, state.policy];
      if (key.length === drawnFor.length && key.every((k, i) => k === drawnFor[i] || JSON.stringify(k) === JSON.stringify(drawnFor[i]))) return;
      const sameCookie = open !== undefined && drawnFor[2] === open.phase && drawnFor[0] === derived.run;
      drawnFor = key;
      if (!sameCookie) glossary = glossaryHint();
      const current = derived.steps[derived.shown - 1];
      fill(heading, open ? 'The cookie' : atEnd ? 'How it ended' : 'This phase');
      // With a cookie open its own heading says it all; the pane's stays for screen readers.
      heading.classList.toggle('visually-hidden', open !== undefined);
      if (open) fill(body, ...cookieDetails(derived.steps, open, derived.shown, state, verdict, glossary));
      else if (atEnd && derived.decisive !== null) fill(body, ...endDetails(derived, derived.decisive));
      else if (current && derived.run) fill(body, ...phaseDetails(current, derived.shown - 1, derived.steps.length));
      else fill(body, ...intro(derived));
    },
  };
}
