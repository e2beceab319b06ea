// What every view of the explorer receives: the state, what follows from it (the run, its steps
// and moments), and the ways to change it.
import type { Scenario } from '../sim/handshake/scenario.js';
import type { ExploreRun } from './simulate.js';
import type { ExploreState } from './state.js';
import type { Moment, PhaseStep } from './steps.js';
import type { SimClient } from './worker/client.js';

export interface Derived {
  /** Null when a side or the policy does not read (`problems` says why) or while the run is simulated. */
  readonly run: ExploreRun | null;
  /** The run for the current state is being simulated (in the worker). */
  readonly pending: boolean;
  /** The run's scenario, known before the run is (null when the setup does not read). */
  readonly scenario: Scenario | null;
  readonly problems: readonly string[];
  readonly steps: readonly PhaseStep[];
  /** Every host snapshot of the run, in order (the time slider's stops). */
  readonly moments: readonly Moment[];
  /** Phases revealed (state.step, or all of them). */
  readonly shown: number;
  /** The time slider's value: 0 before the first phase, i + 1 at moments[i]. */
  readonly slider: number;
  /** The moment whose host state is shown: the slider's, else the last of the revealed phases, else the first. */
  readonly moment: Moment | null;
  /** The step that decided the outcome, or null without a run. */
  readonly decisive: number | null;
}

export interface App {
  state(): ExploreState;
  derived(): Derived;
  /** Changes the state (see changeState), re-renders every view and rewrites the URL. */
  set(patch: Partial<ExploreState>): void;
  /** Moves keyboard focus to a section after a change made elsewhere (a matrix cell, "edit this cookie"). */
  focus(selector: string): void;
  /** Brings the run into view and moves focus to it (after choosing a case or a matrix cell). */
  showRun(): void;
  /** Plays the run from its first phase. */
  play(): void;
  /** Says something in the page's one polite live region. */
  announce(text: string): void;
  /** The simulation worker (handshake runs, the stream model, the matrix). */
  readonly sim: SimClient;
}

export interface View {
  readonly element: HTMLElement;
  update(state: ExploreState, derived: Derived): void;
}
