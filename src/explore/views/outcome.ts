// The outcome, stated plainly once the whole run is revealed: NBD mirror, legacy blk/inc, no
// storage copied, or the failure with its code, message and phase; then any broken invariant.
// The data-* attributes carry the same facts for tests and scripts. Not a live region: the
// player's one announcement per step says how the run ended.
import { outcomeSentence } from '../../render/handshake.js';
import type { App, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { outcomeHeadline } from '../labels.js';

export function mountOutcome(app: App): View {
  const element = h('section', { class: 'outcome', id: 'outcome', 'aria-labelledby': 'outcome-title' });
  return {
    element,
    update: (_state, derived) => {
      for (const name of ['result', 'storage', 'error-code', 'error-phase']) element.removeAttribute(`data-${name}`);
      const run = derived.run;
      if (!run) {
        fill(element, h('h2', { id: 'outcome-title' }, 'Outcome'), h('p', {}, derived.pending ? 'Simulating the run…' : 'No run: the setup does not read (see above).'));
        return;
      }
      if (derived.shown < derived.steps.length) {
        fill(element, h('h2', { id: 'outcome-title' }, 'Outcome'), h('p', {}, `Shown after the last phase (${derived.shown} of ${derived.steps.length} so far). `,
          h('button', { type: 'button', onclick: () => app.set({ step: null }) }, 'Show the end')));
        return;
      }
      const { outcome, findings } = run.result;
      element.dataset['result'] = outcome.result;
      element.dataset['storage'] = outcome.storage;
      if (outcome.error) {
        element.dataset['errorCode'] = outcome.error.code;
        element.dataset['errorPhase'] = outcome.error.phase;
      }
      const found = findings.length === 0 ? h('p', {}, 'Every invariant holds (no NBD server or mirror left running, the guest on one side, identical disks).')
        : h('ul', { class: 'findings' }, ...findings.map((f) => h('li', {}, h('strong', {}, `Finding ${f.invariant}: `), `${f.message}. ${f.explanation} `, code(f.source))));
      fill(element, h('h2', { id: 'outcome-title' }, 'Outcome'),
        h('p', { class: `headline ${outcome.result}` }, outcomeHeadline(outcome)),
        h('p', { class: 'sentence' }, `${outcomeSentence(run.result)}.`), found);
    },
  };
}
