// The sequence diagram on the page: redrawn from the steps on every change, with each cookie's
// arrows a button that opens its XML (click, Enter or Space). Focus stays on the same cookie
// across redraws, and when a phase is added (Next, Play) the view follows it.
import type { Phase } from '../../model/migration/types.js';
import type { App, View } from '../app-types.js';
import { diagramSvg } from '../diagram.js';
import { h } from '../dom.js';

export function mountDiagram(app: App, onFirstDraw: () => void): View {
  const element = h('div', { class: 'diagram-wrap', id: 'diagram' });
  let drawn = false;
  let lastShown = -1;
  let lastRun: unknown = null;
  let lastSvg = '';
  const toggle = (target: EventTarget | null): void => {
    const phase = target instanceof Element ? target.closest('[data-cookie]')?.getAttribute('data-cookie') : null;
    if (!phase) return;
    app.set({ open: app.state().open === phase ? null : (phase as Phase) });
  };
  element.addEventListener('click', (event) => toggle(event.target));
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    if (!(event.target instanceof Element) || !event.target.hasAttribute('data-cookie')) return;
    event.preventDefault();
    toggle(event.target);
  });
  return {
    element,
    update: (state, derived) => {
      element.setAttribute('aria-busy', String(derived.pending));
      // Before any phase is shown the diagram is the two hosts (and the client): the scenario
      // says all of it, so it is drawn while the run is still being simulated.
      const scenario = derived.run?.scenario ?? (derived.pending && state.step === 0 ? derived.scenario : null);
      if (!scenario) {
        if (!derived.pending) element.replaceChildren();
        return;
      }
      const focused = document.activeElement instanceof Element && element.contains(document.activeElement)
        ? document.activeElement.getAttribute('data-cookie') : null;
      const whole = derived.run !== null && derived.shown >= derived.steps.length;
      const svg = diagramSvg({
        steps: derived.steps, shown: derived.shown, regular: scenario.request.mode === 'regular',
        names: { source: scenario.source.profile.name, target: scenario.target.profile.name },
        outcome: whole ? derived.run?.result.outcome ?? null : null, open: state.open,
        now: state.at !== null ? derived.moment : null, decisive: whole ? derived.decisive : null,
      });
      if (svg !== lastSvg) element.innerHTML = svg;
      lastSvg = svg;
      if (focused) element.querySelector<SVGGElement>(`[data-cookie="${focused}"]`)?.focus();
      // Follow a growing run: the newest phase (or the outcome at the end) comes into view.
      const grew = derived.run === lastRun && derived.shown > lastShown && lastShown >= 0;
      if (grew) element.querySelector('svg')?.lastElementChild?.scrollIntoView({ block: 'nearest', behavior: 'auto' });
      lastShown = derived.shown;
      lastRun = derived.run;
      if (!drawn) {
        drawn = true;
        onFirstDraw();
      }
    },
  };
}
