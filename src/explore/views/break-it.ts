// "Break it": change a cookie on the wire before it is delivered, by hand or with a prepared
// mutation, and see how the receiving side reacts under the libvirt and the strict policy. The
// run is simulated again with an interceptor that delivers the edited cookie (edits.ts).
import type { Phase } from '../../model/migration/types.js';
import { libvirtPolicy, strictPolicy, type DesignerPolicy } from '../../model/policy.js';
import type { App, Derived, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { describeEdit, editBetween, withEdit } from '../edits.js';
import { outcomeHeadline } from '../labels.js';
import { mutations } from '../mutations.js';
import { isRun, runExplore } from '../simulate.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, receiverOf, sideName, stepsOf, type PhaseStep } from '../steps.js';

/** The cookie being edited: the open one, else the first edited, else the Prepare reply, else the first. */
export function editedPhase(state: ExploreState, senders: readonly PhaseStep[]): PhaseStep | null {
  const wanted = [state.open, state.edits[0]?.phase, 'prepare'];
  for (const phase of wanted) {
    const found = senders.find((s) => s.phase === phase);
    if (found) return found;
  }
  return senders[0] ?? null;
}

function reaction(state: ExploreState, policy: DesignerPolicy, phase: Phase): [string, string] {
  const run = runExplore(state, { policy });
  if (!isRun(run)) return ['—', run.problems.join('; ')];
  const steps = stepsOf(run.result);
  const sender = steps.find((s) => s.phase === phase && !s.cancelled && s.cookie);
  const receiver = sender ? receiverOf(steps, sender) : null;
  const reacted = !receiver ? 'nothing read it'
    : receiver.error ? `${phaseTitle[receiver.phase]} refuses: [${receiver.error.code}] ${receiver.error.message}`
      : `${phaseTitle[receiver.phase]}: ${receiver.decisions.map((d) => d.text).join('; ') || 'accepts it'}`;
  return [reacted, outcomeHeadline(run.result.outcome)];
}

function reactionTable(state: ExploreState, phase: Phase): HTMLTableElement {
  const rows = ([['libvirt', libvirtPolicy], ['strict', strictPolicy]] as const).map(([name, policy]) => {
    const [reacted, outcome] = reaction(state, policy, phase);
    return h('tr', { 'data-policy': name }, h('th', { scope: 'row' }, name), h('td', {}, reacted), h('td', { class: 'reaction-outcome' }, outcome));
  });
  return h('table', { class: 'reactions' }, h('caption', {}, `The ${phaseTitle[phase]} cookie as delivered, read under each cookie policy`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Policy'), h('th', { scope: 'col' }, 'How the receiver reacts'), h('th', { scope: 'col' }, 'Outcome'))),
    h('tbody', {}, ...rows));
}

export function mountBreakIt(app: App): View {
  const select = h('select', { id: 'break-phase', onchange: () => app.set({ open: select.value as Phase }) });
  const textarea = h('textarea', { id: 'break-xml', rows: 14, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'break-status' });
  const status = h('p', { id: 'break-status', role: 'status' });
  const mutationButtons = mutations.map((m) => h('button', { type: 'button', 'data-mutation': m.name, title: m.explanation, 'aria-describedby': `mutation-${m.name}` }, m.label));
  const mutationHelp = h('ul', { class: 'mutation-help' }, ...mutations.map((m) => h('li', { id: `mutation-${m.name}` }, h('strong', {}, `${m.label}: `), m.explanation)));
  const deliver = h('button', { type: 'button', id: 'break-deliver' }, 'Deliver the edited cookie');
  const reset = h('button', { type: 'button', id: 'break-reset' }, 'Undo the edit');
  const table = h('div', { class: 'reaction-wrap' });
  let sender: PhaseStep | null = null;
  let shownFor = '';
  let tableFor = '';
  const setEdit = (xml: string | null): void => {
    if (!sender?.cookie) return;
    const edit = xml === null ? null : editBetween(sender.phase, sender.cookie.xml, xml);
    app.set({ edits: withEdit(app.state().edits, sender.phase, edit), open: sender.phase });
  };
  deliver.addEventListener('click', () => setEdit(textarea.value));
  reset.addEventListener('click', () => setEdit(null));
  mutationButtons.forEach((button, i) => button.addEventListener('click', () => {
    const mutated = sender?.cookie ? mutations[i]?.apply(sender.cookie.xml) : null;
    if (mutated) setEdit(mutated);
  }));
  const body = h('div', { class: 'break-body' },
    h('div', { class: 'field' }, h('label', { for: 'break-phase' }, 'Cookie to edit'), select),
    h('div', { class: 'mutations', role: 'group', 'aria-label': 'Prepared mutations' }, ...mutationButtons), mutationHelp,
    h('label', { for: 'break-xml' }, 'The cookie as it will be delivered (edit it, then deliver)'), textarea,
    h('p', { class: 'actions' }, deliver, ' ', reset), status, table);
  const empty = h('p', {});
  const element = h('section', { id: 'break-it', 'aria-labelledby': 'break-title' }, h('h2', { id: 'break-title' }, 'Break it: edit a cookie on the wire'),
    h('p', {}, 'Change a cookie before it is delivered and watch the receiving side react. The whole run is simulated again with your cookie in place of the one sent.'),
    empty, body);
  const update = (state: ExploreState, derived: Derived): void => {
    const senders = derived.steps.filter((s) => s.cookie !== null && !s.cancelled);
    sender = editedPhase(state, senders);
    body.hidden = sender === null;
    fill(empty, sender ? '' : derived.run ? 'This run sends no cookie (protocol v2), so there is nothing to edit.' : 'No run.');
    if (!sender?.cookie) return;
    const { cookie, phase } = sender;
    fill(select, ...senders.map((s) => h('option', { value: s.phase }, `${phaseTitle[s.phase]}: ${sideName[s.side]} → ${sideName[s.cookie?.to ?? 'target']}`)));
    select.value = phase;
    const delivered = cookie.mutated ?? cookie.xml;
    if (shownFor !== `${phase}\n${delivered}` || document.activeElement !== textarea) textarea.value = delivered;
    shownFor = `${phase}\n${delivered}`;
    mutationButtons.forEach((button, i) => { button.disabled = mutations[i]?.apply(cookie.xml) === null; });
    const edit = state.edits.find((e) => e.phase === phase);
    fill(status, edit ? `The ${phaseTitle[phase]} cookie is edited: ${describeEdit(edit)}.` : `The ${phaseTitle[phase]} cookie is delivered as sent.`,
      // An edit that no longer fits (the policy changed the cookie) is delivered as sent: say so.
      cookie.fault && cookie.mutated === null ? h('span', { class: 'fault' }, ` On the wire: ${cookie.fault}.`) : '');
    reset.disabled = !edit;
    // Two more runs: only when the run or the edited cookie changed, not on every step.
    const key = JSON.stringify([state.source, state.target, state.storage, state.mode, state.seed, state.edits, state.policy, phase]);
    if (key === tableFor) return;
    tableFor = key;
    fill(table, reactionTable(state, phase), h('p', { class: 'note' }, 'The run above uses the policy chosen in the setup: ', code(state.policy), '.'));
  };
  return { element, update };
}
