// The explorer's wiring: one state, read from the URL hash and written back on every change;
// the run derived from it (simulated again only when something that defines it changed); and
// the views, each redrawn from state and run.
import type { App, Derived, View } from './app-types.js';
import { h } from './dom.js';
import { decodeState, encodeState } from './hash.js';
import { isRun, runExplore, type ExploreRun } from './simulate.js';
import { changeState, type ExploreState } from './state.js';
import { stepsOf, type PhaseStep } from './steps.js';
import { mountBreakIt } from './views/break-it.js';
import { mountCases } from './views/cases.js';
import { mountDetails } from './views/details.js';
import { mountDiagram } from './views/diagram-view.js';
import { mountMatrix } from './views/matrix.js';
import { mountOutcome } from './views/outcome.js';
import { mountPlayer } from './views/player.js';
import { mountSetup } from './views/setup.js';
import { mountShare } from './views/share.js';
import { mountStream } from './views/stream.js';

interface RunMemo {
  readonly key: string;
  readonly run: ExploreRun | null;
  readonly problems: readonly string[];
  readonly steps: readonly PhaseStep[];
}

function runKey(state: ExploreState): string {
  return JSON.stringify([state.source, state.target, state.storage, state.mode, state.policy, state.seed, state.edits]);
}

function simulate(state: ExploreState): RunMemo {
  const run = runExplore(state);
  if (!isRun(run)) return { key: runKey(state), run: null, problems: run.problems, steps: [] };
  return { key: runKey(state), run, problems: [], steps: stepsOf(run.result) };
}

function derive(state: ExploreState, memo: RunMemo): Derived {
  const shown = Math.max(0, Math.min(memo.steps.length, state.step ?? memo.steps.length));
  return { run: memo.run, problems: memo.problems, steps: memo.steps, shown };
}

export function startApp(root: HTMLElement, onFirstDiagram: () => void): void {
  const decoded = decodeState(location.hash);
  let state = decoded.state;
  let memo = simulate(state);
  let derived = derive(state, memo);
  const views: View[] = [];
  const urlProblems = h('p', { class: 'problem', role: 'alert' }, decoded.problems.length > 0 ? `Ignored in the link: ${decoded.problems.join(', ')}.` : '');
  const render = (): void => {
    if (memo.key !== runKey(state)) memo = simulate(state);
    derived = derive(state, memo);
    for (const view of views) view.update(state, derived);
  };
  const app: App = {
    state: () => state,
    derived: () => derived,
    set: (patch) => {
      state = changeState(state, patch);
      history.replaceState(null, '', `#${encodeState(state)}`);
      render();
    },
    focus: (selector) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus()),
  };
  const player = mountPlayer(app);
  const run = [player, mountDiagram(app, onFirstDiagram), mountDetails(app), mountOutcome(app)] as const;
  const others = [mountCases(app), mountSetup(app)] as const;
  const later = [mountBreakIt(app), mountStream(app), mountMatrix(app), mountShare(app)] as const;
  views.push(...others, ...run, ...later);
  const runSection = h('section', { class: 'run', 'aria-labelledby': 'run-title' }, h('h2', { id: 'run-title', tabindex: -1 }, 'The run'),
    run[0].element, h('div', { class: 'run-grid' }, run[1].element, run[2].element), run[3].element);
  root.append(urlProblems, ...others.map((v) => v.element), runSection, ...later.map((v) => v.element));
  document.addEventListener('keydown', (event) => {
    if (player.key(event)) event.preventDefault();
  });
  window.addEventListener('hashchange', () => {
    state = decodeState(location.hash).state;
    render();
  });
  history.replaceState(null, '', `#${encodeState(state)}`);
  render();
}
