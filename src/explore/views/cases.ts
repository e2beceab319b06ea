// The five review cases, each as 2013 and today: one click loads the pair with --copy-storage-all.
import type { App, View } from '../app-types.js';
import { h } from '../dom.js';
import { reviewPairs, type Era, type ReviewPair } from '../../sim/review-cases.js';
import type { ExploreState } from '../state.js';

function matches(state: ExploreState, pair: ReviewPair, era: Era): boolean {
  const [source, target] = pair[era];
  return state.source === source && state.target === target && state.storage === 'all';
}

export function mountCases(app: App): View {
  const buttons: { button: HTMLButtonElement; pair: ReviewPair; era: Era }[] = [];
  const rows = reviewPairs.map((pair) => {
    const make = (era: Era, label: string): HTMLButtonElement => {
      const [source, target] = pair[era];
      const button = h('button', {
        type: 'button', class: 'case', 'data-case': `${pair.seedCase}-${era}`,
        'aria-label': `Review case ${pair.seedCase}, ${pair.name}, ${label}: ${source} to ${target}`,
        onclick: () => app.set({ source, target, storage: 'all', mode: 'regular', edits: [], step: null, open: null }),
      }, label);
      buttons.push({ button, pair, era });
      return button;
    };
    return h('li', {}, h('span', { class: 'case-name' }, `${pair.seedCase}. ${pair.name}`), ' ', make('then', '2013'), ' ', make('today', 'today'),
      pair.todayNote ? h('span', { class: 'case-note' }, ` (today: ${pair.todayNote})`) : null);
  });
  const element = h('section', { 'aria-labelledby': 'cases-title', class: 'cases' },
    h('h2', { id: 'cases-title' }, 'The five review cases'),
    h('p', {}, 'When source and destination disagree about NBD, does storage migration fall back correctly? The cases from the review of libvirt\'s NBD series (2013), as libvirt 1.0.3 shipped them and with today\'s libvirt, copying storage (all).'),
    h('ul', { class: 'case-list' }, ...rows));
  return {
    element,
    update: (state) => {
      for (const { button, pair, era } of buttons) button.setAttribute('aria-pressed', String(matches(state, pair, era)));
    },
  };
}
