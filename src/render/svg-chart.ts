// A small hand-written SVG line chart: a time axis, a left and a right value axis with units,
// any number of series (each on one of the two axes), vertical markers and a legend. No
// dependency; the output is plain SVG 1.1 that browsers and image viewers open as is.

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly axis: 'left' | 'right';
  readonly color: string;
  /** SVG stroke-dasharray, e.g. '6 4'; solid when absent. */
  readonly dash?: string;
  readonly points: readonly ChartPoint[];
}

/** A scale for one axis: values are divided by `divisor` and shown with `unit`. */
export interface AxisUnit {
  readonly divisor: number;
  readonly unit: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly xUnit: AxisUnit;
  readonly leftLabel: string;
  readonly leftUnit: AxisUnit;
  readonly rightLabel: string;
  readonly rightUnit: AxisUnit;
  readonly series: readonly ChartSeries[];
  readonly markers?: readonly { readonly x: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const ticksWanted = 6;

/** Tick values 0, step, 2·step, ... covering [0, max], with step 1, 2 or 5 × a power of ten. */
export function niceTicks(max: number): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const rough = top / ticksWanted;
  let power = 1;
  while (power * 10 <= rough) power *= 10;
  while (power > rough) power /= 10;
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || (ticks[ticks.length - 1] ?? 0) < top - step * 1e-9; i += 1) ticks.push(i * step);
  return ticks;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return String(rounded);
}

function pathOf(points: readonly ChartPoint[], sx: (x: number) => number, sy: (y: number) => number): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
}

function axisMax(series: readonly ChartSeries[], axis: 'left' | 'right', unit: AxisUnit): number[] {
  const values = series.filter((s) => s.axis === axis).flatMap((s) => s.points.map((p) => p.y / unit.divisor));
  // 5 % headroom so that a line at its maximum does not run along the frame.
  return niceTicks(values.reduce((a, b) => Math.max(a, b), 0) * 1.05);
}

function xAxis(frame: Frame, ticks: readonly number[], sx: (x: number) => number, o: ChartOptions): string[] {
  const bottom = frame.top + frame.height;
  const out = ticks.map((t) => {
    const x = sx(t * o.xUnit.divisor).toFixed(1);
    return `<line x1="${x}" y1="${frame.top}" x2="${x}" y2="${bottom}" class="grid"/>`
      + `<text x="${x}" y="${bottom + 18}" text-anchor="middle">${label(t)}</text>`;
  });
  out.push(`<text x="${frame.left + frame.width / 2}" y="${bottom + 40}" text-anchor="middle" class="axis-label">${escapeXml(`${o.xLabel} (${o.xUnit.unit})`)}</text>`);
  return out;
}

function yAxis(frame: Frame, ticks: readonly number[], side: 'left' | 'right', unit: AxisUnit, name: string): string[] {
  const top = ticks[ticks.length - 1] ?? 1;
  const x = side === 'left' ? frame.left - 8 : frame.left + frame.width + 8;
  const anchor = side === 'left' ? 'end' : 'start';
  const out = ticks.map((t) => {
    const y = (frame.top + frame.height - (t / top) * frame.height).toFixed(1);
    const grid = side === 'left' ? `<line x1="${frame.left}" y1="${y}" x2="${frame.left + frame.width}" y2="${y}" class="grid"/>` : '';
    return `${grid}<text x="${x}" y="${y}" dy="4" text-anchor="${anchor}">${label(t)}</text>`;
  });
  const labelX = side === 'left' ? frame.left - 62 : frame.left + frame.width + 62;
  const labelY = frame.top + frame.height / 2;
  out.push(`<text x="${labelX}" y="${labelY}" transform="rotate(-90 ${labelX} ${labelY})" text-anchor="middle" class="axis-label">${escapeXml(`${name} (${unit.unit})`)}</text>`);
  return out;
}

/** The legend sits under the plot, one row per series, so it never hides a line. */
function legend(frame: Frame, series: readonly ChartSeries[]): string[] {
  return series.map((s, i) => {
    const y = frame.top + frame.height + 62 + i * 18;
    const x = frame.left;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    return `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${dash}/>`
      + `<text x="${x + 36}" y="${y}" dy="4">${escapeXml(`${s.name} (${s.axis} axis)`)}</text>`;
  });
}

export function renderLineChart(o: ChartOptions): string {
  const width = o.width ?? 900;
  const legendHeight = 18 * o.series.length + 10;
  const height = (o.height ?? 480) + legendHeight;
  const top = o.subtitle ? 64 : 48;
  const frame: Frame = { left: 90, top, width: width - 180, height: height - top - 70 - legendHeight };
  const xValues = o.series.flatMap((s) => s.points.map((p) => p.x / o.xUnit.divisor));
  const xTicks = niceTicks(xValues.reduce((a, b) => Math.max(a, b), 0));
  const leftTicks = axisMax(o.series, 'left', o.leftUnit);
  const rightTicks = axisMax(o.series, 'right', o.rightUnit);
  const xTop = (xTicks[xTicks.length - 1] ?? 1) * o.xUnit.divisor;
  const sx = (x: number): number => frame.left + (x / xTop) * frame.width;
  const scaleY = (ticks: readonly number[], unit: AxisUnit) => (y: number): number =>
    frame.top + frame.height - (y / ((ticks[ticks.length - 1] ?? 1) * unit.divisor)) * frame.height;
  const paths = o.series.map((s) => {
    const sy = s.axis === 'left' ? scaleY(leftTicks, o.leftUnit) : scaleY(rightTicks, o.rightUnit);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    return `<path d="${pathOf(s.points, sx, sy)}" fill="none" stroke="${s.color}" stroke-width="2"${dash}><title>${escapeXml(s.name)}</title></path>`;
  });
  const markers = (o.markers ?? []).map((m) => {
    const x = sx(m.x).toFixed(1);
    return `<line x1="${x}" y1="${frame.top}" x2="${x}" y2="${frame.top + frame.height}" stroke="#2a7d2a" stroke-dasharray="2 3"/>`
      + `<text x="${x}" y="${frame.top - 4}" text-anchor="middle" fill="#2a7d2a">${escapeXml(m.label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.grid{stroke:#e3e3e3;stroke-width:1}.axis-label{font-size:13px;fill:#333}text{fill:#222}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(o.title)}</text>`,
    o.subtitle ? `<text x="${width / 2}" y="42" text-anchor="middle" fill="#555">${escapeXml(o.subtitle)}</text>` : '',
    ...xAxis(frame, xTicks, sx, o),
    ...yAxis(frame, leftTicks, 'left', o.leftUnit, o.leftLabel),
    ...yAxis(frame, rightTicks, 'right', o.rightUnit, o.rightLabel),
    `<rect x="${frame.left}" y="${frame.top}" width="${frame.width}" height="${frame.height}" fill="none" stroke="#888"/>`,
    ...paths,
    ...markers,
    ...legend(frame, o.series),
    '</svg>',
    '',
  ].filter((line) => line !== '').join('\n');
}
