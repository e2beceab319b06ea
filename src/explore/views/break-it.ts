// "Break it" by hand: edit a cookie's XML before it is delivered. The run is simulated again
// with an interceptor that delivers the edited cookie (edits.ts); the prepared mutations and the
// libvirt-versus-strict verdict sit beside the cookie itself (details.ts).
import type { Phase } from '../../model/migration/types.js';
import type { App, Derived, View } from '../app-types.js';
import { fill, h } from '../dom.js';
import { describeEdit, editBetween, withEdit } from '../edits.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, sideName, type PhaseStep } from '../steps.js';

/** The cookie being edited: the open one, else the first edited, else the Prepare reply, else the first. */
export function editedPhase(state: ExploreState, senders: readonly PhaseStep[]): PhaseStep | null {
  const wanted = [state.open, state.edits[0]?.phase, 'prepare'];
  for (const phase of wanted) {
    const found = senders.find((s) => s.phase === phase);
    if (found) return found;
  }
  return senders[0] ?? null;
}

export function mountBreakIt(app: App): View {
  const select = h('select', { id: 'break-phase', onchange: () => app.set({ open: select.value as Phase }) });
  const textarea = h('textarea', { id: 'break-xml', rows: 14, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'break-status' });
  const status = h('p', { id: 'break-status' });
  const deliver = h('button', { type: 'button', id: 'break-deliver' }, 'Deliver the edited cookie');
  const reset = h('button', { type: 'button', id: 'break-reset' }, 'Undo the edit');
  let sender: PhaseStep | null = null;
  let shownFor = '';
  const setEdit = (xml: string | null): void => {
    if (!sender?.cookie) return;
    const edit = xml === null ? null : editBetween(sender.phase, sender.cookie.xml, xml);
    app.set({ edits: withEdit(app.state().edits, sender.phase, edit), open: sender.phase });
    app.showRun();
  };
  deliver.addEventListener('click', () => setEdit(textarea.value));
  reset.addEventListener('click', () => setEdit(null));
  const body = h('div', { class: 'break-body' },
    h('div', { class: 'field' }, h('label', { for: 'break-phase' }, 'Cookie to edit'), select),
    h('label', { for: 'break-xml' }, 'The cookie as it will be delivered (edit it, then deliver)'), textarea,
    h('p', { class: 'actions' }, deliver, ' ', reset), status);
  const empty = h('p', {});
  const element = h('section', { id: 'break-it', 'aria-labelledby': 'break-title' }, h('h2', { id: 'break-title' }, 'Break it by hand: edit a cookie on the wire'),
    h('p', {}, 'Change a cookie before it is delivered and watch the receiving side react. The whole run is simulated again with your cookie in place of the one sent; the verdict under libvirt and strict appears beside the cookie in the run. The prepared mutations are there too.'),
    empty, body);
  const update = (state: ExploreState, derived: Derived): void => {
    const senders = derived.steps.filter((s) => s.cookie !== null && !s.cancelled);
    sender = editedPhase(state, senders);
    body.hidden = sender === null;
    fill(empty, sender ? '' : derived.pending ? 'Simulating the run…' : derived.run ? 'This run sends no cookie (protocol v2), so there is nothing to edit.' : 'No run.');
    if (!sender?.cookie) return;
    const { cookie, phase } = sender;
    fill(select, ...senders.map((s) => h('option', { value: s.phase }, `${phaseTitle[s.phase]}: ${sideName[s.side]} → ${sideName[s.cookie?.to ?? 'target']}`)));
    select.value = phase;
    const delivered = cookie.mutated ?? cookie.xml;
    // Refilled only when the cookie itself changes: a redraw (a run arriving from the worker) keeps what is typed.
    if (shownFor !== `${phase}\n${delivered}`) textarea.value = delivered;
    shownFor = `${phase}\n${delivered}`;
    const edit = state.edits.find((e) => e.phase === phase);
    fill(status, edit ? `The ${phaseTitle[phase]} cookie is edited: ${describeEdit(edit)}.` : `The ${phaseTitle[phase]} cookie is delivered as sent.`,
      // An edit that no longer fits (the policy changed the cookie) is delivered as sent: say so.
      cookie.fault && cookie.mutated === null ? h('span', { class: 'fault' }, ` On the wire: ${cookie.fault}.`) : '');
    reset.disabled = !edit;
  };
  return { element, update };
}
