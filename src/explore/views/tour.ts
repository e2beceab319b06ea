// The guided first screen: the five review cases of the 2013 libvirt review as a narrated tour.
// Each case is shown as 2013 beside today; before each run is revealed the student says what
// they expect; the run then plays one phase at a time, and the card says what happened, which
// phase decided it and why (the decisions as the model states them, with their rules), and,
// after today's run, what changed. The list below loads any case directly.
import type { Decision } from '../../model/migration/types.js';
import { reviewPairs, type Era, type ReviewPair } from '../../sim/review-cases.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { App, Derived, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { outcomeHeadline } from '../labels.js';
import type { ExploreState } from '../state.js';
import { decidingStep, phaseTitle, sideName, stepsOf } from '../steps.js';
import { eraName, guesses, guessOf, pairState, tourPosition, type Guess, type TourPosition } from '../tour-model.js';
import { Cancelled } from '../worker/client.js';

const keyOf = (index: number, era: Era): string => `${index}-${era}`;

interface Decided {
  readonly headline: string;
  readonly where: string;
  readonly decisions: readonly Decision[];
  readonly error: string | null;
  readonly guess: Guess;
}

function decidedBy(result: HandshakeResult): Decided {
  const steps = stepsOf(result);
  const step = steps[decidingStep(steps, result)];
  return {
    headline: outcomeHeadline(result.outcome),
    where: step ? `${phaseTitle[step.phase]} on the ${sideName[step.side]}` : '',
    decisions: step?.decisions ?? [],
    error: step?.error ? `[${step.error.code}] ${step.error.message}` : null,
    guess: guessOf(result.outcome),
  };
}

const decisionList = (decided: Decided): HTMLElement => h('ul', { class: 'decisions' },
  ...decided.decisions.map((d) => h('li', {}, `${d.text}. `, h('span', { class: 'rule' }, 'Rule: ', code(d.rule)))),
  decided.error ? h('li', { class: 'error' }, `It fails: ${decided.error}`) : null);

const sidesText = (spec: string): string => spec.replace('libvirt=', 'libvirt ').replace(',qemu=', ', QEMU ').replace(/,([+-])/g, ' $1');

export function mountTour(app: App): View {
  const guessed = new Map<string, Guess>();
  const revealed = new Set<string>();
  const results = new Map<string, Decided>();
  const asked = new Set<string>();
  // The card's parts stay in place and are refilled, so that focus on the prompt survives a redraw.
  const nav = h('div', { class: 'tour-nav' });
  const caseTitle = h('h3', {});
  const table = h('div', {});
  const prompt = h('div', { class: 'tour-prompt', id: 'tour-prompt', tabindex: -1 });
  const offTour = h('p', {});
  const card = h('div', { class: 'tour-card', id: 'tour-card' }, nav, caseTitle, table, prompt, offTour);
  let position: TourPosition | null = null;
  let lastRun: Derived['run'] = null;

  const load = (index: number, era: Era, step: number | null): void => {
    const pair = reviewPairs[index];
    if (!pair) return;
    app.set({ ...pairState(pair, era), step });
  };
  /** Both eras of a case, simulated in the worker for the 2013-beside-today table. */
  const fetchCase = (index: number, pair: ReviewPair, state: ExploreState): void => {
    for (const era of ['then', 'today'] as const) {
      const key = keyOf(index, era);
      if (results.has(key) || asked.has(key)) continue;
      asked.add(key);
      app.sim.submit('run', { kind: 'run', state: { ...state, ...pairState(pair, era), policy: 'libvirt', seed: 1 }, policy: null }).then((reply) => {
        if (reply.ok) results.set(key, decidedBy(reply.result));
        draw(app.state(), app.derived());
      }, (error: unknown) => {
        // A cancelled job is asked again next time; any other failure shows as '?' in the table.
        if (error instanceof Cancelled) asked.delete(key);
      });
    }
  };

  const guessButtons = (pos: TourPosition): HTMLElement => h('div', { class: 'guesses', role: 'group', 'aria-label': 'What do you expect?' },
    ...guesses.map(([guess, label]) => h('button', {
      type: 'button', 'data-guess': guess, onclick: () => {
        guessed.set(keyOf(pos.index, pos.era), guess);
        app.play();
        app.showRun();
      },
    }, label)),
    h('button', { type: 'button', 'data-guess': 'skip', onclick: () => app.showRun() }, 'Step through it myself'));

  const comparison = (pos: TourPosition): HTMLElement => {
    const cell = (era: Era, what: (d: Decided) => HTMLElement | string): HTMLElement => {
      const decided = results.get(keyOf(pos.index, era));
      return h('td', { 'data-era': era }, decided && revealed.has(keyOf(pos.index, era)) ? what(decided) : '?');
    };
    return h('table', { class: 'then-today' }, h('caption', {}, '2013 beside today (copy storage: all)'),
      h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, '2013'), h('th', { scope: 'col' }, 'Today'))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, 'Source'), h('td', {}, sidesText(pos.pair.then[0])), h('td', {}, sidesText(pos.pair.today[0]))),
        h('tr', {}, h('th', { scope: 'row' }, 'Destination'), h('td', {}, sidesText(pos.pair.then[1])), h('td', {}, sidesText(pos.pair.today[1]))),
        h('tr', {}, h('th', { scope: 'row' }, 'Outcome'), cell('then', (d) => d.headline), cell('today', (d) => d.headline)),
        h('tr', {}, h('th', { scope: 'row' }, 'Decided in'), cell('then', (d) => d.where), cell('today', (d) => d.where))));
  };

  const promptFor = (pos: TourPosition, derived: Derived): HTMLElement[] => {
    const key = keyOf(pos.index, pos.era);
    const era = eraName[pos.era];
    // The question needs only the sides: it is asked while the run is still being simulated.
    if (!revealed.has(key) && !guessed.has(key) && (derived.pending || derived.shown === 0)) {
      return [h('p', { class: 'question' }, h('strong', {}, `${era}: what do you expect?`),
        ` The source runs ${sidesText(pos.pair[pos.era][0])}, the destination ${sidesText(pos.pair[pos.era][1])}, and the disks are to be copied.`),
      guessButtons(pos)];
    }
    if (derived.pending || !derived.run) return [h('p', {}, 'Simulating the run…')];
    if (!revealed.has(key)) {
      return [h('p', {}, `${era}: the run is on its way, one phase at a time (phase ${derived.shown} of ${derived.steps.length}). The outcome appears at its end.`)];
    }
    const decided = decidedBy(derived.run.result);
    const guess = guessed.get(key);
    const said = guess === undefined ? '' : guess === decided.guess ? 'As you expected: ' : `You expected ${guesses.find(([g]) => g === guess)?.[1] ?? guess}; in fact: `;
    const out: HTMLElement[] = [
      h('p', { class: 'answer' }, h('strong', {}, `${era}: ${said}${decided.headline}.`), ` ${decided.where} decided it:`),
      decisionList(decided),
    ];
    if (pos.era === 'then') {
      out.push(h('p', {}, h('button', { type: 'button', class: 'tour-next', 'data-tour': 'today', onclick: () => { load(pos.index, 'today', 0); app.focus('#tour-prompt'); } }, 'Now the same case today →')));
      return out;
    }
    const then = results.get(keyOf(pos.index, 'then'));
    if (then) {
      const changed = then.headline === decided.headline ? `Nothing changed in the outcome (${decided.headline}), though the reasons may differ.`
        : `It changed: ${then.headline} in 2013, ${decided.headline} today.`;
      out.push(h('h4', {}, 'What changed and why'), h('p', { class: 'changed' }, `${changed} In 2013 ${then.where} decided it; today ${decided.where} does, by the rules above.`));
    }
    if (pos.pair.todayNote) out.push(h('p', { class: 'note' }, `Note: today ${pos.pair.todayNote}.`));
    const next = pos.index + 1 < reviewPairs.length ? pos.index + 1 : 0;
    out.push(h('p', {}, h('button', { type: 'button', class: 'tour-next', 'data-tour': 'next', onclick: () => { load(next, 'then', 0); app.focus('#tour-prompt'); } },
      next === 0 ? 'Back to case 1 →' : `Next: case ${next + 1} →`)));
    return out;
  };

  let drawnFor = '';
  const draw = (state: ExploreState, derived: Derived): void => {
    position = tourPosition(state);
    // Redraw only when the card would change, so that focus inside it survives a play tick.
    const key = JSON.stringify([position && keyOf(position.index, position.era), derived.pending, derived.run !== null, derived.shown,
      derived.steps.length, [...guessed], [...revealed], [...results.keys()], state.policy, state.seed]);
    if (key === drawnFor && derived.run === lastRun) return;
    drawnFor = key;
    lastRun = derived.run;
    for (const part of [nav, caseTitle, table, prompt]) part.hidden = position === null;
    offTour.hidden = position !== null;
    if (!position) {
      fill(offTour, 'The run is not one of the review cases. ', h('button', { type: 'button', 'data-tour': 'start', onclick: () => load(0, 'then', 0) }, 'Take the guided tour from case 1'));
      return;
    }
    const pos = position;
    if (derived.run && !derived.pending && derived.shown >= derived.steps.length) revealed.add(keyOf(pos.index, pos.era));
    fetchCase(pos.index, pos.pair, state);
    fill(prompt, ...promptFor(pos, derived));
    fill(nav,
      h('p', { class: 'tour-where' }, `Guided tour: case ${pos.pair.seedCase} of ${reviewPairs.length}, ${eraName[pos.era]}`),
      h('button', { type: 'button', 'data-tour': 'previous', disabled: pos.index === 0, onclick: () => load(pos.index - 1, 'then', 0) }, '‹ Previous case'),
      h('button', { type: 'button', 'data-tour': 'following', disabled: pos.index + 1 >= reviewPairs.length, onclick: () => load(pos.index + 1, 'then', 0) }, 'Next case ›'));
    fill(caseTitle, `${pos.pair.seedCase}. ${pos.pair.name}`);
    fill(table, comparison(pos));
  };

  const caseButtons: { button: HTMLButtonElement; index: number; era: Era }[] = [];
  const rows = reviewPairs.map((pair, index) => {
    const make = (era: Era, label: string): HTMLButtonElement => {
      const [source, target] = pair[era];
      const button = h('button', {
        type: 'button', class: 'case', 'data-case': `${pair.seedCase}-${era}`,
        'aria-label': `Review case ${pair.seedCase}, ${pair.name}, ${label}: ${source} to ${target}`,
        onclick: () => {
          load(index, era, null);
          app.showRun();
        },
      }, label);
      caseButtons.push({ button, index, era });
      return button;
    };
    return h('li', {}, h('span', { class: 'case-name' }, `${pair.seedCase}. ${pair.name}`), make('then', '2013'), make('today', 'today'));
  });
  const element = h('section', { 'aria-labelledby': 'tour-title', class: 'tour', id: 'tour' },
    h('h2', { id: 'tour-title' }, 'Start here: the five review cases'),
    h('p', { class: 'intro' }, 'When source and destination disagree about NBD, does storage migration fall back correctly? The 2013 review of libvirt\'s NBD series asked it of five pairs. Each is shown as libvirt 1.0.3 shipped it and with today\'s libvirt.'),
    card,
    h('h3', { class: 'case-list-title' }, 'Any case, whole run at once'), h('ul', { class: 'case-list' }, ...rows));
  return {
    element,
    update: (state, derived) => {
      draw(state, derived);
      const current = tourPosition(state);
      for (const { button, index, era } of caseButtons) button.setAttribute('aria-pressed', String(current?.index === index && current.era === era));
    },
  };
}
