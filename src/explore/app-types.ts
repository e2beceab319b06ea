// What every view of the explorer receives: the state, what follows from it (the run and its
// steps), and the one way to change it.
import type { ExploreRun } from './simulate.js';
import type { ExploreState } from './state.js';
import type { PhaseStep } from './steps.js';

export interface Derived {
  /** Null when a side or the policy does not read; `problems` says why. */
  readonly run: ExploreRun | null;
  readonly problems: readonly string[];
  readonly steps: readonly PhaseStep[];
  /** Phases revealed (state.step, or all of them). */
  readonly shown: number;
}

export interface App {
  state(): ExploreState;
  derived(): Derived;
  /** Changes the state (see changeState), re-renders every view and rewrites the URL. */
  set(patch: Partial<ExploreState>): void;
  /** Moves keyboard focus to a section after a change made elsewhere (a matrix cell, "edit this cookie"). */
  focus(selector: string): void;
}

export interface View {
  readonly element: HTMLElement;
  update(state: ExploreState, derived: Derived): void;
}
