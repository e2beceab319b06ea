// The explorer's stylesheet, inlined into index.html. One column on a phone (390 px), the
// diagram beside its details from 900 px; focus always visible; colours keep 4.5:1 contrast.
export const explorerCss = `
:root { --ink: #1d1d1f; --muted: #4a4f57; --line: #c9ced6; --accent: #1a5fb4; --ok: #1e6b34; --bad: #a51d2d; --warn: #8a5a00;
  --edit: #6d2c8f; --bg: #ffffff; --panel: #f5f7fa; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 0 12px 48px; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.45rem; margin: 16px 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 4px 0 8px; }
h4 { font-size: 0.95rem; margin: 14px 0 4px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; background: var(--panel); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button { font: inherit; padding: 6px 12px; min-height: 36px; border: 1px solid #8a93a0; border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
button:hover:not(:disabled) { background: #e8eef7; }
button:disabled { color: #6b7079; cursor: default; background: #f0f0f0; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
input, select, textarea { font: inherit; padding: 4px 6px; border: 1px solid #8a93a0; border-radius: 4px; max-width: 100%; }
input[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 12px; padding: 8px 12px; min-width: 0; }
legend { font-weight: 600; padding: 0 4px; }
.problem { color: var(--bad); margin: 4px 0; }
.problem:empty { display: none; }
.spec { margin: 6px 0 0; color: var(--muted); }
.case-list { list-style: none; padding: 0; margin: 0; }
.case-list li { margin: 6px 0; }
.case-name { display: inline-block; min-width: 17em; }
.case-note { color: var(--muted); font-size: 0.9em; }
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
.player-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.player-status { margin: 6px 0; font-weight: 600; }
.run-grid { display: grid; gap: 16px; grid-template-columns: 1fr; }
.diagram-wrap { overflow-x: auto; }
svg.diagram { width: 100%; max-width: 560px; height: auto; display: block; font-size: 12px; }
svg.diagram text { fill: var(--ink); }
svg.diagram .lifeline { stroke: #8a93a0; stroke-dasharray: 4 4; }
svg.diagram .party rect { fill: #e8eef7; stroke: var(--accent); }
svg.diagram .party-title { font-weight: 700; font-size: 12px; }
svg.diagram .party-sub { font-size: 11px; }
svg.diagram .party-caps { font-size: 9.5px; fill: var(--warn); }
svg.diagram .phase rect { fill: #fff6d5; stroke: #b8860b; }
svg.diagram .phase text { font-weight: 700; }
svg.diagram .phase.failed rect, svg.diagram .error rect { fill: #fde2e4; stroke: var(--bad); }
svg.diagram .error text, svg.diagram .effect.refused text { fill: var(--bad); }
svg.diagram .effect text { font-size: 10px; fill: var(--muted); }
svg.diagram .data line { stroke: var(--ok); stroke-width: 2; stroke-dasharray: 6 3; }
svg.diagram .data.refused line { stroke: var(--bad); }
svg.diagram .data text { fill: var(--ok); font-size: 10px; }
svg.diagram .data.refused text { fill: var(--bad); }
svg.diagram .data-head { fill: var(--ok); }
svg.diagram .head { fill: var(--accent); }
svg.diagram .cookie { cursor: pointer; }
svg.diagram .cookie line { stroke: var(--accent); stroke-width: 2; }
svg.diagram .cookie text { fill: var(--accent); font-weight: 600; }
svg.diagram .cookie.edited line { stroke: var(--edit); stroke-dasharray: 8 3; }
svg.diagram .cookie.edited text { fill: var(--edit); }
svg.diagram .cookie.dropped text { fill: var(--bad); }
svg.diagram .cookie .hit { fill: transparent; stroke: none; }
svg.diagram .cookie:hover .hit { fill: #e8eef7; }
svg.diagram .cookie.open .hit { fill: #dde8f8; stroke: var(--accent); }
svg.diagram .cookie:focus { outline: none; }
svg.diagram .cookie:focus-visible .hit { stroke: var(--accent); stroke-width: 3; fill: #eef3fb; }
svg.diagram .finding rect { fill: #fff1d6; stroke: var(--warn); }
svg.diagram .outcome rect { stroke-width: 2; }
svg.diagram .outcome.completed rect { fill: #e3f4e6; stroke: var(--ok); }
svg.diagram .outcome.failed rect { fill: #fde2e4; stroke: var(--bad); }
svg.diagram .outcome text { font-weight: 700; }
.details { background: var(--panel); border-radius: 8px; padding: 10px 12px; min-width: 0; }
.decisions, .effects { padding-left: 1.1em; margin: 4px 0; }
.decision, .effect-item { margin: 4px 0; }
.rule { color: var(--muted); }
.effect-item.refused { color: var(--bad); }
.error { color: var(--bad); font-weight: 600; }
.fault { color: var(--edit); font-weight: 600; }
pre.xml { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; font-size: 12px; line-height: 1.35; margin: 8px 0; }
pre.xml mark { background: #fff0a8; color: inherit; box-shadow: -4px 0 0 #e0b000; }
.outcome { border: 2px solid var(--line); border-radius: 8px; padding: 4px 12px 8px; margin-top: 16px; }
.outcome h2 { border: none; margin-top: 8px; }
.outcome[data-result="completed"] { border-color: var(--ok); }
.outcome[data-result="failed"] { border-color: var(--bad); }
.headline { font-size: 1.15rem; font-weight: 700; margin: 4px 0; }
.headline.completed { color: var(--ok); }
.headline.failed { color: var(--bad); }
.mutations { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.mutation-help { font-size: 0.9em; color: var(--muted); padding-left: 1.1em; }
#break-xml { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.reaction-wrap { overflow-x: auto; }
table.reactions { border-collapse: collapse; margin: 8px 0; width: 100%; }
table.reactions th, table.reactions td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.reactions caption { text-align: left; font-weight: 600; margin-bottom: 4px; }
.stream-form { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: flex-end; }
.stream-form .problem { color: var(--muted); font-size: 0.85em; }
.stream-form input[aria-invalid="true"] + .problem { color: var(--bad); }
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
table.matrix td button { font-size: 11px; min-height: 28px; min-width: 44px; padding: 2px 3px; border-radius: 3px; border: none; }
table.matrix td.nbd button { background: #d7efdc; }
table.matrix td.legacy button { background: #fbefc9; }
table.matrix td.none button { background: #e9ecf0; }
table.matrix td.failed button { background: #f8d3d7; }
table.matrix td.changed button { outline: 2px dashed var(--edit); outline-offset: -3px; font-weight: 700; }
table.matrix td button[aria-current="true"] { box-shadow: inset 0 0 0 3px var(--accent); }
table.matrix td button:focus-visible { outline: 3px solid var(--accent); outline-offset: -3px; }
.share-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
#share-url { flex: 1 1 20em; font-family: ui-monospace, monospace; font-size: 12px; }
@media (min-width: 720px) { .sides { grid-template-columns: 1fr 1fr; } }
@media (min-width: 900px) { .run-grid { grid-template-columns: minmax(0, 560px) minmax(0, 1fr); } }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;
