// Step through the run phase by phase, play it, or scrub it with the time slider (one stop per
// host snapshot the world recorded). The arrow keys step too (anywhere but in a text field, the
// matrix grid, a cookie's XML or the slider); inside the run, Home and End jump to the start and
// the end. Each step is announced once, in a short sentence, in the page's one live region.
import { formatDurationNs } from '../../model/units.js';
import type { App, Derived, View } from '../app-types.js';
import { fill, h, isTyping } from '../dom.js';
import { outcomeHeadline } from '../labels.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, sideName, type Moment } from '../steps.js';

const playIntervalMs = 1100;

export interface Player extends View {
  /** Handles a key press meant for the player; true when it was one. */
  key(event: KeyboardEvent): boolean;
  /** Plays from the first phase. */
  playFromStart(): void;
}

/** A short summary of where the run is, for the status line and the live region. */
export function stepSummary(derived: Derived): string {
  const total = derived.steps.length;
  if (derived.pending) return 'Simulating the run…';
  if (!derived.run) return 'Nothing to run: fix the setup.';
  if (derived.shown === 0) return `Ready: ${total} phases. Press Next or the right arrow key.`;
  const step = derived.steps[derived.shown - 1];
  if (!step) return '';
  const where = `Phase ${derived.shown} of ${total}: ${phaseTitle[step.phase]} on the ${sideName[step.side]}${step.cancelled ? ' (cleanup)' : ''}`;
  const how = step.error ? `fails, ${step.error.code}` : step.cookie ? `sends its cookie` : 'done';
  const end = derived.shown === total ? ` End: ${outcomeHeadline(derived.run.result.outcome)}.` : '';
  return `${where}, ${how}.${end}`;
}

function momentText(moment: Moment | null): string {
  if (!moment) return 'before the first phase';
  const e = moment.event;
  const what = e.kind === 'effect' ? `${e.effect.kind} on the ${sideName[e.side]}` : `${e.kind === 'phase-start' ? 'start' : 'end'} of ${phaseTitle[e.phase]}`;
  return `${formatDurationNs(e.atMs * 1e6)}: ${what}`;
}

export function mountPlayer(app: App): Player {
  let timer: ReturnType<typeof setInterval> | null = null;
  /** Play was asked for while the run was still being simulated: it starts when the run is there. */
  let playWhenReady = false;
  let announced = '';
  const total = (): number => app.derived().steps.length;
  const goTo = (shown: number, keepPlaying = false): void => {
    if (!keepPlaying) stop();
    if (!app.derived().run) return;
    const n = Math.max(0, Math.min(total(), shown));
    // An opened cookie stays open while its phase is shown (Play must not close it).
    app.set({ step: n >= total() ? null : n });
  };
  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = (): void => {
    const shown = app.derived().shown;
    if (shown < total()) goTo(shown + 1, true);
    // The last phase shown ends the play at once: the button says Play again with the outcome.
    if (app.derived().shown >= total()) stop();
  };
  const start = (): void => {
    play.textContent = '❚❚ Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(tick, playIntervalMs);
    tick();
  };
  const toggle = (): void => {
    if (timer !== null) return stop();
    if (app.derived().shown >= total()) goTo(0);
    start();
  };
  const button = (label: string, name: string, onclick: () => void): HTMLButtonElement => h('button', { type: 'button', 'data-player': name, onclick }, label);
  const first = button('◀◀ Start', 'start', () => goTo(0));
  const back = button('◀ Back', 'back', () => goTo(app.derived().shown - 1));
  const next = button('Next ▶', 'next', () => goTo(app.derived().shown + 1));
  const play = button('▶ Play', 'play', toggle);
  play.setAttribute('aria-pressed', 'false');
  const last = button('End ▶▶', 'end', () => goTo(total()));
  const slider = h('input', { type: 'range', id: 'time-slider', min: 0, max: 0, step: 1, value: 0, 'aria-describedby': 'time-now' });
  const now = h('span', { id: 'time-now', class: 'time-now' });
  slider.addEventListener('input', () => {
    stop();
    const value = Number(slider.value);
    const moment = app.derived().moments[value - 1];
    if (value === 0 || !moment) app.set({ step: 0 });
    else app.set({ step: moment.step + 1 >= total() && value === app.derived().moments.length ? null : moment.step + 1, at: value - 1 });
  });
  const line = h('p', { class: 'player-status', id: 'player-status' });
  const element = h('div', { class: 'player', role: 'group', 'aria-label': 'Step through the run (arrow keys: previous and next phase)' },
    h('div', { class: 'player-buttons' }, first, back, next, play, last),
    h('div', { class: 'time' }, h('label', { for: 'time-slider' }, 'Time'), slider, now), line);
  return {
    element,
    update: (_state: ExploreState, derived) => {
      if (playWhenReady && derived.run) {
        playWhenReady = false;
        setTimeout(() => {
          goTo(0);
          start();
        }, 0);
      }
      const summary = stepSummary(derived);
      fill(line, summary);
      if (summary !== announced && !derived.pending) app.announce(summary);
      announced = summary;
      const none = !derived.run;
      first.disabled = back.disabled = derived.shown === 0 || none;
      next.disabled = last.disabled = derived.shown >= derived.steps.length || none;
      play.disabled = none;
      if (none && timer !== null) stop();
      slider.max = String(derived.moments.length);
      slider.value = String(derived.slider);
      slider.disabled = none;
      const text = momentText(derived.slider === 0 ? null : derived.moment);
      slider.setAttribute('aria-valuetext', text);
      fill(now, text);
    },
    key: (event) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return false;
      // The matrix grid, a cookie's XML and the slider use the arrow keys themselves.
      if (event.target instanceof Element && event.target.closest('[data-grid], pre.xml, input[type="range"]')) return false;
      // Home and End scroll the page elsewhere; they jump through the run only from inside it.
      const inRun = event.target instanceof Element && event.target.closest('.run') !== null;
      const moves: Record<string, () => void> = {
        ArrowRight: () => goTo(app.derived().shown + 1), ArrowLeft: () => goTo(app.derived().shown - 1),
        ...(inRun ? { Home: () => goTo(0), End: () => goTo(total()) } : {}),
      };
      const move = moves[event.key];
      if (!move) return false;
      move();
      return true;
    },
    playFromStart: () => {
      stop();
      if (!app.derived().run) {
        playWhenReady = app.derived().pending;
        return;
      }
      goTo(0);
      start();
    },
  };
}
