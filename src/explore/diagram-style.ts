// The sequence diagram's stylesheet, in one place for the page and for the exported SVG (which
// carries it inside, so that the file looks the same on a slide or in a bug report). Colours are
// defined on the SVG itself and keep 4.5:1 contrast against every fill they are drawn on.
export const diagramCss = `
svg.diagram { --ink: #1d1d1f; --muted: #4a4f57; --accent: #1a5fb4; --ok: #1e6b34; --bad: #a51d2d; --warn: #8a5a00; --edit: #6d2c8f;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 12px; background: #fff; }
svg.diagram text { fill: var(--ink); }
svg.diagram .lifeline { stroke: #8a93a0; stroke-dasharray: 4 4; }
svg.diagram .party rect { fill: #e8eef7; stroke: var(--accent); }
svg.diagram .party-title { font-weight: 700; }
svg.diagram .party-caps { fill: var(--warn); }
svg.diagram .phase rect { fill: #fff6d5; stroke: #b8860b; }
svg.diagram .phase text { font-weight: 700; }
svg.diagram .phase.decisive rect { stroke: var(--ink); stroke-width: 2.5; }
svg.diagram .phase.failed rect, svg.diagram .error rect { fill: #fde2e4; stroke: var(--bad); }
svg.diagram .error text, svg.diagram .effect.refused text { fill: var(--bad); }
svg.diagram .effect text { fill: var(--muted); }
svg.diagram .data line { stroke: var(--ok); stroke-width: 2; stroke-dasharray: 6 3; }
svg.diagram .data.refused line { stroke: var(--bad); }
svg.diagram .data text { fill: var(--ok); }
svg.diagram .data.refused text { fill: var(--bad); }
svg.diagram .data-head { fill: var(--ok); }
svg.diagram .head { fill: var(--accent); }
svg.diagram .now text { text-decoration: underline; }
svg.diagram .now rect { stroke-width: 2.5; }
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
`;
