// Step through the run phase by phase, or play it. The arrow keys step too (anywhere but in a
// text field or the matrix grid); inside the run, Home and End jump to the start and the end.
import type { App, Derived, View } from '../app-types.js';
import { fill, h, isTyping } from '../dom.js';
import type { ExploreState } from '../state.js';
import { phaseTitle, sideName } from '../steps.js';

const playIntervalMs = 1100;

export interface Player extends View {
  /** Handles a key press meant for the player; true when it was one. */
  key(event: KeyboardEvent): boolean;
}

function status(state: ExploreState, derived: Derived): string {
  const total = derived.steps.length;
  if (!derived.run) return 'Nothing to run: fix the setup above.';
  if (derived.shown === 0) return `Ready: ${total} phases to run. Press Next or the right arrow key.`;
  const step = derived.steps[derived.shown - 1];
  const where = step ? `${phaseTitle[step.phase]} on the ${sideName[step.side]}${step.cancelled ? ' (cleaning up)' : ''}` : '';
  return `Phase ${derived.shown} of ${total}: ${where}${state.step === null ? ' — the whole run is shown' : ''}`;
}

export function mountPlayer(app: App): Player {
  let timer: ReturnType<typeof setInterval> | null = null;
  const total = (): number => app.derived().steps.length;
  const goTo = (shown: number, keepPlaying = false): void => {
    if (!keepPlaying) stop();
    const n = Math.max(0, Math.min(total(), shown));
    app.set({ step: n >= total() ? null : n, open: null });
  };
  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = (): void => {
    const shown = app.derived().shown;
    if (shown >= total()) stop();
    else goTo(shown + 1, true);
  };
  const toggle = (): void => {
    if (timer !== null) return stop();
    if (app.derived().shown >= total()) goTo(0);
    play.textContent = '■ Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(tick, playIntervalMs);
    tick();
  };
  const button = (label: string, name: string, onclick: () => void): HTMLButtonElement => h('button', { type: 'button', 'data-player': name, onclick }, label);
  const first = button('◀◀ Start', 'start', () => goTo(0));
  const back = button('◀ Back', 'back', () => goTo(app.derived().shown - 1));
  const next = button('Next ▶', 'next', () => goTo(app.derived().shown + 1));
  const play = button('▶ Play', 'play', toggle);
  const last = button('End ▶▶', 'end', () => goTo(total()));
  const line = h('p', { class: 'player-status', role: 'status', 'aria-live': 'polite' });
  const element = h('div', { class: 'player', role: 'group', 'aria-label': 'Step through the run (arrow keys: previous and next phase)' },
    h('div', { class: 'player-buttons' }, first, back, next, play, last), line);
  return {
    element,
    update: (state, derived) => {
      fill(line, status(state, derived));
      first.disabled = back.disabled = derived.shown === 0 || !derived.run;
      next.disabled = last.disabled = derived.shown >= derived.steps.length || !derived.run;
      play.disabled = !derived.run;
    },
    key: (event) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return false;
      if (event.target instanceof Element && event.target.closest('[data-grid]')) return false;
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
  };
}
