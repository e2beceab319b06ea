// The explorer's wiring: one state, read from the URL hash and written back on every change;
// the run derived from it (simulated in the worker, again only when something that defines it
// changed); and the views, each redrawn from state and run. A page opened without a link starts
// the guided tour.
import type { App, Derived, View } from './app-types.js';
import { h } from './dom.js';
import { decodeState, encodeState } from './hash.js';
import type { Scenario } from '../sim/handshake/scenario.js';
import { scenarioOf, type ExploreRun, type RunState } from './simulate.js';
import { changeState, type ExploreState } from './state.js';
import { decidingStep, momentsOf, stepsOf, type Moment, type PhaseStep } from './steps.js';
import { tourStart } from './tour-model.js';
import { mountBreakIt } from './views/break-it.js';
import { mountDetails } from './views/details.js';
import { mountDiagram } from './views/diagram-view.js';
import { mountExport } from './views/export.js';
import { mountHosts } from './views/hosts.js';
import { mountMatrix } from './views/matrix.js';
import { mountOutcome } from './views/outcome.js';
import { mountPlayer } from './views/player.js';
import { mountSetup } from './views/setup.js';
import { mountShare } from './views/share.js';
import { mountStream } from './views/stream.js';
import { mountTour } from './views/tour.js';
import { Cancelled, type SimClient } from './worker/client.js';

interface RunMemo {
  readonly key: string;
  readonly pending: boolean;
  readonly scenario: Scenario | null;
  readonly run: ExploreRun | null;
  readonly problems: readonly string[];
  readonly steps: readonly PhaseStep[];
  readonly moments: readonly Moment[];
  readonly decisive: number | null;
}

function runState(state: ExploreState): RunState {
  const { source, target, storage, mode, policy, seed, edits } = state;
  return { source, target, storage, mode, policy, seed, edits };
}

const runKey = (state: ExploreState): string => JSON.stringify(runState(state));

function derive(state: ExploreState, memo: RunMemo): Derived {
  const { steps, moments } = memo;
  const shown = Math.max(0, Math.min(steps.length, state.step ?? steps.length));
  // A moment from the slider counts only if it lies in the last revealed phase (a link may disagree).
  const at = state.at !== null && moments[state.at]?.step === shown - 1 ? state.at : null;
  let last = -1;
  moments.forEach((m, i) => { if (m.step < shown) last = i; });
  const slider = at !== null ? at + 1 : shown === 0 ? 0 : last + 1;
  const moment = moments[slider === 0 ? 0 : slider - 1] ?? null;
  return { run: memo.run, pending: memo.pending, scenario: memo.scenario, problems: memo.problems, steps, moments, shown, slider, moment, decisive: memo.decisive };
}

function linkNotice(problems: readonly string[]): string {
  return problems.length > 0 ? `Ignored in the link: ${problems.join(', ')}.` : '';
}

export function startApp(root: HTMLElement, sim: SimClient, onFirstDiagram: () => void): void {
  const decoded = decodeState(location.hash);
  let state = location.hash.replace(/^#/, '') === '' ? tourStart(decoded.state) : decoded.state;
  const views: View[] = [];
  const urlProblems = h('p', { class: 'problem', id: 'link-problems' }, linkNotice(decoded.problems));
  const announcer = h('div', { class: 'visually-hidden', id: 'announcer', 'aria-live': 'polite', 'aria-atomic': 'true' });
  let memo: RunMemo = { key: '', pending: false, scenario: null, run: null, problems: [], steps: [], moments: [], decisive: null };
  let derived = derive(state, memo);

  const sidePane = h('div', { class: 'side-pane' });
  const render = (): void => {
    if (memo.key !== runKey(state)) simulate(state);
    derived = derive(state, memo);
    for (const view of views) view.update(state, derived);
    // An open cookie comes first beside the diagram, the hosts after it; otherwise the hosts lead.
    const cookieOpen = details.element.querySelector('[data-cookie-details]') !== null;
    const [first, second] = cookieOpen ? [details.element, hosts.element] : [hosts.element, details.element];
    if (sidePane.firstElementChild !== first) sidePane.insertBefore(first, second);
    // The run asked for arrived: what sits above it may have changed height, so bring it into view again.
    if (showAgain && !derived.pending) {
      showAgain = false;
      runSection.scrollIntoView({ block: 'start', behavior: 'instant' });
    }
  };
  let showAgain = false;
  /** Starts the run for this state in the worker; views show "simulating" until it is back. */
  const simulate = (from: ExploreState): void => {
    const key = runKey(from);
    const scenario = scenarioOf(from);
    if ('problems' in scenario) {
      memo = { key, pending: false, scenario: null, run: null, problems: scenario.problems, steps: [], moments: [], decisive: null };
      return;
    }
    memo = { key, pending: true, scenario, run: null, problems: [], steps: [], moments: [], decisive: null };
    // Urgent when the diagram waits for it (a phase is to be shown); at step 0 the page draws the hosts first.
    sim.submit('run', { kind: 'run', state: runState(from), policy: null }, undefined, from.step !== 0).then((reply) => {
      if (memo.key !== key) return;
      if (!reply.ok) memo = { key, pending: false, scenario, run: null, problems: reply.problems, steps: [], moments: [], decisive: null };
      else {
        const steps = stepsOf(reply.result);
        memo = { key, pending: false, scenario, run: { scenario, result: reply.result }, problems: [], steps, moments: momentsOf(reply.result), decisive: decidingStep(steps, reply.result) };
      }
      render();
    }, (error: unknown) => {
      if (memo.key !== key || error instanceof Cancelled) return;
      memo = { key, pending: false, scenario, run: null, problems: [`the simulation failed: ${String(error)}`], steps: [], moments: [], decisive: null };
      render();
    });
  };

  // The first run starts now, in the worker, while the page builds its views.
  simulate(state);
  derived = derive(state, memo);

  let lastAnnounced = '';
  const runSection = h('section', { class: 'run', id: 'run', 'aria-labelledby': 'run-title' });
  const app: App = {
    state: () => state,
    derived: () => derived,
    sim,
    set: (patch) => {
      state = changeState(state, patch);
      history.replaceState(null, '', `#${encodeState(state)}`);
      render();
    },
    focus: (selector) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus()),
    showRun: () => {
      runSection.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      document.getElementById('run-title')?.focus({ preventScroll: true });
      showAgain = derived.pending;
    },
    play: () => player.playFromStart(),
    announce: (text) => {
      // The same sentence twice is still news (a second run with the same outcome): clear first.
      if (text === lastAnnounced) announcer.textContent = '';
      lastAnnounced = text;
      requestAnimationFrame(() => { announcer.textContent = text; });
    },
  };
  const player = mountPlayer(app);
  const diagram = mountDiagram(app, onFirstDiagram);
  const hosts = mountHosts(app);
  const details = mountDetails(app);
  const outcome = mountOutcome(app);
  const exporter = mountExport(app);
  const tour = mountTour(app);
  const setup = mountSetup(app);
  views.push(player, diagram, hosts, details, outcome, exporter, tour, setup);
  runSection.append(
    h('h2', { id: 'run-title', tabindex: -1 }, 'The run'), player.element,
    // On a desktop the diagram scrolls in its own pane, which therefore takes keyboard focus too.
    h('div', { class: 'run-grid' }, h('div', { class: 'diagram-pane', tabindex: 0, role: 'region', 'aria-label': 'Sequence diagram' }, diagram.element),
      sidePane));
  sidePane.append(hosts.element, details.element, outcome.element, exporter.element);
  root.append(urlProblems, announcer, h('div', { class: 'workbench' }, h('div', { class: 'setup-column' }, tour.element, setup.element), runSection));
  // The sections below the run are built after the first paint: nothing on the first screen waits for them.
  setTimeout(() => {
    const later = [mountBreakIt(app), mountStream(app), mountMatrix(app), mountShare(app)];
    root.append(...later.map((v) => v.element));
    views.push(...later);
    for (const view of later) view.update(state, derived);
  }, 0);
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    app.showRun();
  });
  document.addEventListener('keydown', (event) => {
    if (player.key(event)) event.preventDefault();
  });
  // A link opened in this tab: the state and the notice about what it could not read both follow it.
  window.addEventListener('hashchange', () => {
    const next = decodeState(location.hash);
    state = next.state;
    urlProblems.textContent = linkNotice(next.problems);
    if (next.problems.length > 0) app.announce(urlProblems.textContent);
    render();
  });
  history.replaceState(null, '', `#${encodeState(state)}`);
  render();
}
