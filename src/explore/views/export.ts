// The run as text and as a picture for slides and bug reports: Mermaid from src/render (the
// same text as `migsim simulate --mermaid`), and the page's own SVG diagram as a standalone file
// carrying its stylesheet. Both describe the run as shown (the whole run once it is revealed).
import { handshakeMermaid } from '../../render/handshake.js';
import type { App, Derived, View } from '../app-types.js';
import { diagramSvg } from '../diagram.js';
import { diagramCss } from '../diagram-style.js';
import { h } from '../dom.js';

/** The diagram of the whole run as a standalone SVG file. */
export function standaloneSvg(derived: Derived): string | null {
  const run = derived.run;
  if (!run) return null;
  const { scenario } = run;
  const svg = diagramSvg({
    steps: derived.steps, shown: derived.steps.length, regular: scenario.request.mode === 'regular',
    names: { source: scenario.source.profile.name, target: scenario.target.profile.name },
    outcome: run.result.outcome, open: null, decisive: derived.decisive,
  }, `<style>${diagramCss}</style>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function mountExport(app: App): View {
  const mermaid = h('textarea', { id: 'export-mermaid', rows: 8, readonly: true, spellcheck: 'false', 'aria-label': 'The run as a Mermaid sequence diagram' });
  const fileName = (): string => `migsim-run-seed${app.state().seed}`;
  const saveMermaid = h('button', { type: 'button', id: 'export-mmd', onclick: () => download(`${fileName()}.mmd`, 'text/plain', mermaid.value) }, 'Download Mermaid (.mmd)');
  const saveSvg = h('button', {
    type: 'button', id: 'export-svg', onclick: () => {
      const svg = standaloneSvg(app.derived());
      if (svg) download(`${fileName()}.svg`, 'image/svg+xml', svg);
    },
  }, 'Download SVG');
  const element = h('details', { class: 'export', id: 'export' }, h('summary', {}, 'Export this run (Mermaid, SVG)'),
    h('p', {}, 'The whole run, for slides and bug reports: Mermaid text (as ', h('code', {}, 'migsim simulate --mermaid'), ' prints it) and the diagram as an SVG file.'),
    mermaid, h('p', { class: 'actions' }, saveMermaid, ' ', saveSvg));
  let drawnFor: Derived['run'] = null;
  return {
    element,
    update: (_state, derived) => {
      saveMermaid.disabled = saveSvg.disabled = !derived.run;
      if (derived.run === drawnFor) return;
      drawnFor = derived.run;
      mermaid.value = derived.run ? handshakeMermaid(derived.run.scenario, derived.run.result) : '';
    },
  };
}
