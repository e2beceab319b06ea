// The sequence diagram on the page: redrawn from the steps on every change, with each cookie's
// arrows a button that opens its XML (click, Enter or Space). Focus stays on the same cookie
// across redraws.
import type { Phase } from '../../model/migration/types.js';
import type { App, View } from '../app-types.js';
import { diagramSvg } from '../diagram.js';
import { h } from '../dom.js';

export function mountDiagram(app: App, onFirstDraw: () => void): View {
  const element = h('div', { class: 'diagram-wrap', id: 'diagram' });
  let drawn = false;
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
      const focused = document.activeElement instanceof Element && element.contains(document.activeElement)
        ? document.activeElement.getAttribute('data-cookie') : null;
      if (!derived.run) {
        element.innerHTML = '';
        return;
      }
      const { scenario } = derived.run;
      element.innerHTML = diagramSvg({
        steps: derived.steps, shown: derived.shown, regular: scenario.request.mode === 'regular',
        names: { source: scenario.source.profile.name, target: scenario.target.profile.name },
        outcome: derived.shown >= derived.steps.length ? derived.run.result.outcome : null, open: state.open,
      });
      if (focused) element.querySelector<SVGGElement>(`[data-cookie="${focused}"]`)?.focus();
      if (!drawn) {
        drawn = true;
        onFirstDraw();
      }
    },
  };
}
