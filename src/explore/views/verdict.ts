// The libvirt-versus-strict verdict on one cookie as delivered: the run simulated again (in the
// worker) under each cookie policy with the same edits, and what the receiving phase did with
// the cookie in each, beside the outcome.
import type { Phase } from '../../model/migration/types.js';
import { libvirtPolicy, strictPolicy, type DesignerPolicy } from '../../model/policy.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { App } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { outcomeHeadline } from '../labels.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, receiverOf, stepsOf } from '../steps.js';
import { Cancelled } from '../worker/client.js';

export interface Reaction {
  readonly text: string;
  readonly code: string | null;
  readonly outcome: string;
}

/** What the phase that received `phase`'s cookie did with it, in one run. */
export function reactionOf(result: HandshakeResult, phase: Phase): Reaction {
  const steps = stepsOf(result);
  const sender = steps.find((s) => s.phase === phase && !s.cancelled && s.cookie);
  const receiver = sender ? receiverOf(steps, sender) : null;
  const outcome = outcomeHeadline(result.outcome);
  if (!receiver) return { text: 'nothing read it', code: null, outcome };
  if (receiver.error) return { text: `${phaseTitle[receiver.phase]} refuses: [${receiver.error.code}] ${receiver.error.message}`, code: receiver.error.code, outcome };
  return { text: `${phaseTitle[receiver.phase]}: ${receiver.decisions.map((d) => d.text).join('; ') || 'accepts it'}`, code: null, outcome };
}

const policies: readonly (readonly [string, DesignerPolicy])[] = [['libvirt', libvirtPolicy], ['strict', strictPolicy]];

export interface VerdictTable {
  readonly element: HTMLElement;
  update(state: ExploreState, phase: Phase): void;
}

export function mountVerdict(app: App): VerdictTable {
  const element = h('div', { class: 'verdict', id: 'verdict' });
  let shownFor = '';
  let generation = 0;
  // The row of the policy the diagram follows says so in its header, which keeps the caption to one line.
  const rowOf = (name: string, reaction: Reaction | null, policy: string): HTMLTableRowElement => h('tr', { 'data-policy': name, ...(reaction?.code ? { 'data-code': reaction.code } : {}) },
    h('th', { scope: 'row' }, name, name === policy ? h('span', { class: 'this-run' }, ' (this run)') : ''), h('td', {}, reaction ? reaction.text : 'simulating…',
      reaction ? h('span', { class: 'reaction-outcome' }, ` → ${reaction.outcome}`) : ''));
  const draw = (phase: Phase, reactions: readonly (Reaction | null)[], policy: string): void => {
    fill(element, h('table', { class: 'reactions', 'aria-busy': String(reactions.some((r) => r === null)) },
      h('caption', {}, `Libvirt or strict: the ${phaseTitle[phase]} cookie as delivered`,
        policies.some(([name]) => name === policy) ? '' : h('span', {}, ' (the run uses ', code(policy), ')')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Policy'), h('th', { scope: 'col' }, 'How the receiver reacts → outcome'))),
      h('tbody', {}, ...policies.map(([name], i) => rowOf(name, reactions[i] ?? null, policy)))));
  };
  return {
    element,
    update: (state, phase) => {
      const key = JSON.stringify([state.source, state.target, state.storage, state.mode, state.seed, state.edits, state.policy, phase]);
      if (key === shownFor) return;
      shownFor = key;
      const mine = ++generation;
      const reactions: (Reaction | null)[] = policies.map(() => null);
      draw(phase, reactions, state.policy);
      policies.forEach(([, policy], i) => {
        app.sim.submit('run', { kind: 'run', state, policy }).then((reply) => {
          if (mine !== generation) return;
          reactions[i] = reply.ok ? reactionOf(reply.result, phase) : { text: reply.problems.join('; '), code: null, outcome: '—' };
          draw(phase, reactions, state.policy);
        }, (error: unknown) => {
          if (!(error instanceof Cancelled) && mine === generation) {
            reactions[i] = { text: String(error), code: null, outcome: '—' };
            draw(phase, reactions, state.policy);
          }
        });
      });
    },
  };
}
