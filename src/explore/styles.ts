// The explorer's stylesheet, inlined into index.html. On a desktop (from 1100 px) the run stays
// in view beside the tour and the setup, its diagram and its side pane scrolling on their own;
// on a phone everything is one column, the run right after the setup. Focus is always visible
// and every colour keeps 4.5:1 contrast in every state (hover, pressed, focus, disabled).
import { diagramCss } from './diagram-style.js';

export const explorerCss = `
:root { --ink: #1d1d1f; --muted: #4a4f57; --line: #c9ced6; --accent: #1a5fb4; --accent-dark: #0f3f7a; --ok: #1e6b34; --bad: #a51d2d; --warn: #8a5a00;
  --edit: #6d2c8f; --bg: #ffffff; --panel: #f5f7fa; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1440px; padding: 0 12px 48px; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.3rem; margin: 12px 0 2px; }
.page-header p { margin: 0 0 8px; color: var(--muted); }
h2 { font-size: 1.15rem; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.02rem; margin: 4px 0 8px; }
h4 { font-size: 0.95rem; margin: 12px 0 4px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; background: var(--panel); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip-link { position: absolute; left: 8px; top: -200px; z-index: 10; background: #fff; color: var(--accent-dark); padding: 8px 14px; border: 2px solid var(--accent); border-radius: 6px; font-weight: 600; }
.skip-link:focus { top: 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; padding: 6px 12px; min-height: 36px; border: 1px solid #6b7380; border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
button:hover:not(:disabled) { background: #e8eef7; color: var(--ink); }
button:disabled { color: #595f69; cursor: default; background: #f0f0f0; border-color: #a3a9b3; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
button[aria-pressed="true"]:hover:not(:disabled) { background: var(--accent-dark); color: #fff; border-color: var(--accent-dark); }
button[aria-pressed="true"]:focus-visible { outline-color: var(--accent-dark); }
input, select, textarea { font: inherit; padding: 4px 6px; border: 1px solid #6b7380; border-radius: 4px; max-width: 100%; color: var(--ink); background: #fff; }
input[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 12px; padding: 8px 12px; min-width: 0; }
legend { font-weight: 600; padding: 0 4px; }
summary { cursor: pointer; }
.problem { color: var(--bad); margin: 4px 0; }
.problem:empty { display: none; }
.spec { margin: 6px 0 0; color: var(--muted); }
.workbench { display: grid; gap: 8px 20px; grid-template-columns: minmax(0, 1fr); }
.setup-column { min-width: 0; }
.tour .intro { margin: 0 0 8px; }
.tour-card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.tour-nav { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.tour-where { margin: 0; font-weight: 600; flex: 1 1 100%; }
.tour-prompt:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
table.then-today { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 0.92em; table-layout: fixed; }
table.then-today th, table.then-today td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; background: #fff; }
table.then-today thead td { border: none; background: transparent; }
table.then-today tbody th { width: 6.5em; }
table.then-today caption { text-align: left; font-weight: 600; }
.guesses { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.question, .answer { margin: 6px 0; }
.case-list-title { margin-top: 14px; }
.case-list { list-style: none; padding: 0; margin: 0; }
.case-list li { margin: 4px 0; display: grid; grid-template-columns: minmax(0, 1fr) auto auto; gap: 6px; align-items: center; }
.case-list li button { min-height: 32px; padding: 2px 10px; }
.sides { display: grid; gap: 12px; grid-template-columns: 1fr; }
.versions { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 8px; }
.caps ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11em, 1fr)); gap: 2px 12px; }
.caps input { margin-right: 6px; }
.switched { color: var(--warn); font-weight: 600; }
.request { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-start; }
.field { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; max-width: 100%; min-width: 0; }
.switches .switch { display: grid; grid-template-columns: 1fr auto; gap: 8px; align-items: center; padding: 4px 0; border-bottom: 1px dotted var(--line); }
.switch-name { font-family: ui-monospace, monospace; font-weight: 600; margin-right: 8px; }
.switch-help { color: var(--muted); font-size: 0.9em; }
.run { min-width: 0; }
.run > h2 { margin-top: 12px; }
.run h2:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
.pane-title { font-size: 1rem; margin: 8px 0 4px; }
.player-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.time { display: flex; align-items: center; gap: 8px; margin-top: 6px; flex-wrap: wrap; }
.time input[type="range"] { flex: 1 1 12em; min-width: 0; accent-color: var(--accent); }
.time-now { color: var(--muted); font-size: 0.9em; }
.player-status { margin: 4px 0; font-weight: 600; }
.run-grid { display: grid; gap: 12px; grid-template-columns: minmax(0, 1fr); }
.diagram-wrap { min-width: 0; }
svg.diagram { width: 100%; height: auto; display: block; }
${diagramCss}
.hosts { margin-bottom: 8px; }
.hosts-caption { margin: 0 0 4px; color: var(--muted); font-size: 0.9em; }
table.host-table { border-collapse: collapse; width: 100%; font-size: 0.88em; table-layout: fixed; }
table.host-table th, table.host-table td { border: 1px solid var(--line); padding: 2px 6px; text-align: left; vertical-align: top; background: #fff; }
table.host-table thead td { border: none; background: transparent; width: 6.5em; }
table.host-table thead th.has-guest { background: #e3f4e6; color: var(--ok); }
table.host-table .mirror { display: block; }
table.host-table progress { width: 5em; vertical-align: middle; }
.details { background: var(--panel); border-radius: 8px; padding: 4px 12px 10px; min-width: 0; }
.decisions, .effects { padding-left: 1.1em; margin: 4px 0; }
.decision, .effect-item { margin: 4px 0; }
.rule { color: var(--muted); }
.effect-item.refused { color: var(--bad); }
.error { color: var(--bad); font-weight: 600; }
.fault { color: var(--edit); font-weight: 600; }
.ending { margin: 4px 0 8px; }
.mutations { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; align-items: center; }
.mutations-label { font-weight: 600; }
.mutations button { min-height: 28px; padding: 1px 7px; font-size: 0.88em; }
.details .meta { margin: 0 0 4px; font-size: 0.88em; }
.details h3 { margin: 2px 0 4px; }
pre.xml { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; max-height: 40vh; font-size: 12px; line-height: 1.35; margin: 8px 0; }
pre.xml mark { background: #fff0a8; color: inherit; box-shadow: -4px 0 0 #e0b000; }
pre.xml button.gl { font: inherit; min-height: 0; padding: 0; border: none; border-radius: 2px; background: transparent; color: var(--accent-dark); text-decoration: underline dotted; cursor: help; }
pre.xml button.gl:hover { background: #dde8f8; color: var(--accent-dark); }
pre.xml button.gl[aria-current="true"] { background: var(--accent-dark); color: #fff; }
pre.xml button.gl:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.xml-unknown { color: var(--bad); }
.glossary { background: #fff; border: 1px solid var(--accent); border-radius: 6px; padding: 4px 10px 8px; margin: 8px 0; }
.glossary-hint { color: var(--muted); font-size: 0.9em; }
.glossary-facts { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 10px; margin: 4px 0; }
.glossary-facts dt { font-weight: 600; }
.glossary-facts dd { margin: 0; }
.table-wrap, .verdict { overflow-x: auto; }
table.glossary-cases, table.reactions { border-collapse: collapse; margin: 4px 0; width: 100%; font-size: 0.88em; }
table.reactions { line-height: 1.35; }
table.reactions th:first-child { width: 4.5em; }
table.reactions .reaction-outcome { font-weight: 600; }
table.reactions .this-run { display: block; font-weight: 400; font-size: 0.85em; }
table.glossary-cases th, table.glossary-cases td, table.reactions th, table.reactions td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; background: #fff; }
table.glossary-cases td.refused { color: var(--bad); }
table.reactions caption { text-align: left; font-weight: 600; margin-bottom: 2px; }
.verdict .note { margin: 0; font-size: 0.85em; color: var(--muted); }
.outcome { border: 2px solid var(--line); border-radius: 8px; padding: 4px 12px 8px; margin-top: 12px; background: #fff; }
.outcome h2 { border: none; margin-top: 6px; }
.outcome[data-result="completed"] { border-color: var(--ok); }
.outcome[data-result="failed"] { border-color: var(--bad); }
.headline { font-size: 1.1rem; font-weight: 700; margin: 4px 0; }
.headline.completed { color: var(--ok); }
.headline.failed { color: var(--bad); }
.export { margin: 12px 0; }
.export textarea { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
#break-xml { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.stream-form { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: flex-end; }
.stream-form .hint { color: var(--muted); font-size: 0.85em; }
.stream-form input[aria-invalid="true"] + .problem { color: var(--bad); }
.stream-progress progress { width: 10em; vertical-align: middle; }
.chart { overflow-x: auto; }
.chart img { width: 100%; min-width: 640px; height: auto; border: 1px solid var(--line); border-radius: 6px; }
.notice { color: var(--warn); font-weight: 600; }
.notice:empty { display: none; }
.matrix-scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 6px; }
table.matrix { border-collapse: collapse; font-size: 11px; }
table.matrix th { position: sticky; background: #eef1f5; font-weight: 600; padding: 2px 4px; white-space: nowrap; }
table.matrix thead th { top: 0; z-index: 1; }
table.matrix tbody th { left: 0; text-align: right; }
table.matrix .corner { left: 0; z-index: 2; font-size: 10px; }
table.matrix .qv { color: var(--muted); }
table.matrix td { padding: 1px; border: 1px solid #e2e5ea; }
table.matrix td button { font-size: 11px; min-height: 28px; min-width: 44px; padding: 2px 3px; border-radius: 3px; border: none; color: var(--ink); }
table.matrix td.nbd button { background: #d7efdc; }
table.matrix td.legacy button { background: #fbefc9; }
table.matrix td.none button { background: #e9ecf0; }
table.matrix td.failed button { background: #f8d3d7; }
table.matrix td button:hover { background: #c9d9f0; }
table.matrix td.changed button { outline: 2px dashed var(--edit); outline-offset: -3px; font-weight: 700; }
table.matrix td button[aria-current="true"] { box-shadow: inset 0 0 0 3px var(--accent); }
table.matrix td button:focus-visible { outline: 3px solid var(--accent); outline-offset: -3px; }
.share-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
#share-url { flex: 1 1 20em; font-family: ui-monospace, monospace; font-size: 12px; }
@media (min-width: 720px) { .sides { grid-template-columns: 1fr 1fr; } }
@media (min-width: 1100px) {
  .workbench { grid-template-columns: minmax(300px, 360px) minmax(0, 1fr); align-items: start; }
  .sides { grid-template-columns: 1fr; }
  .run { position: sticky; top: 0; height: 100vh; display: flex; flex-direction: column; overflow: hidden; }
  .run > h2 { margin: 6px 0 4px; font-size: 1.05rem; }
  .run-grid { flex: 1 1 auto; min-height: 0; grid-template-columns: minmax(0, 400px) minmax(0, 1fr); padding-bottom: 8px; }
  .diagram-pane, .side-pane { min-height: 0; overflow: auto; }
  .side-pane { padding-right: 4px; }
  pre.xml { max-height: 28vh; }
}
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;
