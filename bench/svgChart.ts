/**
 * A small SVG chart writer for the benchmark's charts (no dependency). Line panels: linear or log x
 * axis, a linear y axis from zero, "nice" ticks with labels and grid lines, axis titles with units, a
 * legend, series drawn as lines and/or dots, and horizontal reference lines (a limit, say). Bar panels
 * ({@link BarPanel}): groups of bars side by side on a linear y axis from zero, each bar labelled with
 * its value, optionally with a dot per run over it.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw a polyline through the points (default true). */
  readonly line?: boolean;
  /** Draw a dot at each point (default false). */
  readonly dots?: boolean;
  readonly dashed?: boolean;
  readonly width?: number;
}

export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
  readonly color: string;
}

export interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly xScale?: 'linear' | 'log';
  /** Tick positions on x (default: nice linear ticks, or the points' x values on a log axis). */
  readonly xTicks?: readonly number[];
  readonly yMax?: number;
  readonly references?: readonly ReferenceLine[];
  readonly formatX?: (x: number) => string;
  readonly formatY?: (y: number) => string;
}

/** One bar per group (`values[i]` belongs to `groups[i]`; null: no bar there). */
export interface BarSeries {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** The runs each value summarises (a median, say), drawn as dots over its bar. */
  readonly runs?: readonly (readonly number[])[];
}

export interface BarPanel {
  readonly kind: 'bars';
  readonly title: string;
  /** The label of each group of bars, under it. */
  readonly groups: readonly string[];
  readonly yLabel: string;
  readonly series: readonly BarSeries[];
  readonly formatY?: (y: number) => string;
}

export interface ChartOptions {
  readonly width?: number;
  /** Height of each panel. */
  readonly panelHeight?: number;
  /** A line of small text under the panels (what was measured, how). */
  readonly caption?: readonly string[];
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const n = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Ticks at 1, 2 or 5 × 10^k covering [0, max], about `count` of them. */
export const niceTicks = (max: number, count = 6): number[] => {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if ((ticks[ticks.length - 1] as number) < max) ticks.push(ticks.length * step);
  return ticks;
};

export const defaultFormat = (v: number): string =>
  Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(+v.toPrecision(4));

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

const renderPanel = (panel: Panel, width: number, height: number, top: number): string => {
  const margin = { left: 78, right: 24, top: 40, bottom: 72 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = panel.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = [...all.map((p) => p[1]), ...(panel.references ?? []).map((r) => r.y)];
  const log = panel.xScale === 'log';
  const xMinData = Math.min(...xs);
  const xMaxData = Math.max(...xs);
  const xTicks = panel.xTicks ?? (log ? [...new Set(xs)].sort((a, b) => a - b) : niceTicks(xMaxData));
  const xMin = log ? Math.min(xMinData, ...xTicks) / 1.25 : Math.min(0, xMinData);
  const xMax = log
    ? Math.max(xMaxData, ...xTicks) * 1.25
    : Math.max(xMaxData, xTicks[xTicks.length - 1] as number);
  const yTicks = niceTicks(panel.yMax ?? Math.max(...ys) * 1.05);
  const yMax = yTicks[yTicks.length - 1] as number;
  const fx = panel.formatX ?? defaultFormat;
  const fy = panel.formatY ?? defaultFormat;
  const px = (x: number): number =>
    margin.left +
    (log
      ? ((Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) * plotW
      : ((x - xMin) / (xMax - xMin)) * plotW);
  const py = (y: number): number => top + margin.top + plotH - (y / yMax) * plotH;
  const out: string[] = [];
  const x0 = margin.left;
  const x1 = margin.left + plotW;
  const y0 = top + margin.top + plotH;
  const y1 = top + margin.top;
  out.push(
    `<text x="${n(width / 2)}" y="${n(top + 22)}" text-anchor="middle" font-size="15" font-weight="bold" ${FONT}>${escape(panel.title)}</text>`,
  );
  // grid and ticks
  for (const t of yTicks) {
    out.push(
      `<line x1="${n(x0)}" y1="${n(py(t))}" x2="${n(x1)}" y2="${n(py(t))}" stroke="#e3e3e3" stroke-width="1"/>`,
      `<line x1="${n(x0 - 5)}" y1="${n(py(t))}" x2="${n(x0)}" y2="${n(py(t))}" stroke="#333"/>`,
      `<text x="${n(x0 - 8)}" y="${n(py(t) + 4)}" text-anchor="end" font-size="11" ${FONT}>${escape(fy(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line x1="${n(px(t))}" y1="${n(y1)}" x2="${n(px(t))}" y2="${n(y0)}" stroke="#efefef" stroke-width="1"/>`,
      `<line x1="${n(px(t))}" y1="${n(y0)}" x2="${n(px(t))}" y2="${n(y0 + 5)}" stroke="#333"/>`,
      `<text x="${n(px(t))}" y="${n(y0 + 18)}" text-anchor="middle" font-size="11" ${FONT}>${escape(fx(t))}</text>`,
    );
  }
  out.push(
    `<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x1)}" y2="${n(y0)}" stroke="#333"/>`,
    `<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x0)}" y2="${n(y1)}" stroke="#333"/>`,
    `<text x="${n(x0 + plotW / 2)}" y="${n(y0 + 40)}" text-anchor="middle" font-size="12" ${FONT}>${escape(panel.xLabel)}</text>`,
    `<text transform="translate(${n(18)} ${n(y1 + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${escape(panel.yLabel)}</text>`,
  );
  for (const r of panel.references ?? []) {
    out.push(
      `<line x1="${n(x0)}" y1="${n(py(r.y))}" x2="${n(x1)}" y2="${n(py(r.y))}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${n(x0 + 6)}" y="${n(py(r.y) - 5)}" font-size="11" fill="${r.color}" ${FONT}>${escape(r.label)}</text>`,
    );
  }
  for (const s of panel.series) {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (s.line !== false && pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.8}"${s.dashed === true ? ' stroke-dasharray="4 3"' : ''} stroke-linejoin="round" points="${pts
          .map(([x, y]) => `${n(px(x))},${n(py(y))}`)
          .join(' ')}"/>`,
      );
    }
    if (s.dots === true) {
      for (const [x, y] of pts)
        out.push(`<circle cx="${n(px(x))}" cy="${n(py(y))}" r="3" fill="${s.color}" fill-opacity="0.75"/>`);
    }
  }
  // legend: one row under the x-axis title, so it never hides data
  let lx = x0;
  const ly = y0 + 60;
  for (const s of panel.series) {
    out.push(
      s.line === false
        ? `<circle cx="${n(lx + 10)}" cy="${n(ly - 4)}" r="3" fill="${s.color}"/>`
        : `<line x1="${n(lx)}" y1="${n(ly - 4)}" x2="${n(lx + 20)}" y2="${n(ly - 4)}" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${n(lx + 26)}" y="${n(ly)}" font-size="11" ${FONT}>${escape(s.name)}</text>`,
    );
    lx += 26 + s.name.length * 6.2 + 22;
  }
  return out.join('\n');
};

const renderBarPanel = (panel: BarPanel, width: number, height: number, top: number): string => {
  const margin = { left: 78, right: 24, top: 40, bottom: 72 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const ys = panel.series.flatMap((s) => [
    ...s.values.filter((v): v is number => v !== null && Number.isFinite(v)),
    ...(s.runs ?? []).flat().filter((v) => Number.isFinite(v)),
  ]);
  const yTicks = niceTicks(Math.max(0, ...ys) * 1.1);
  const yMax = yTicks[yTicks.length - 1] as number;
  const fy = panel.formatY ?? defaultFormat;
  const py = (y: number): number => top + margin.top + plotH - (y / yMax) * plotH;
  const x0 = margin.left;
  const x1 = margin.left + plotW;
  const y0 = top + margin.top + plotH;
  const out: string[] = [
    `<text x="${n(width / 2)}" y="${n(top + 22)}" text-anchor="middle" font-size="15" font-weight="bold" ${FONT}>${escape(panel.title)}</text>`,
  ];
  for (const t of yTicks) {
    out.push(
      `<line x1="${n(x0)}" y1="${n(py(t))}" x2="${n(x1)}" y2="${n(py(t))}" stroke="#e3e3e3" stroke-width="1"/>`,
      `<line x1="${n(x0 - 5)}" y1="${n(py(t))}" x2="${n(x0)}" y2="${n(py(t))}" stroke="#333"/>`,
      `<text x="${n(x0 - 8)}" y="${n(py(t) + 4)}" text-anchor="end" font-size="11" ${FONT}>${escape(fy(t))}</text>`,
    );
  }
  const groupW = plotW / Math.max(1, panel.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, panel.series.length);
  panel.groups.forEach((group, g) => {
    const left = x0 + g * groupW + groupW * 0.1;
    panel.series.forEach((s, i) => {
      const v = s.values[g];
      const bx = left + i * barW;
      const cx = bx + barW / 2;
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        out.push(
          `<rect x="${n(bx + 2)}" y="${n(py(v))}" width="${n(barW - 4)}" height="${n(y0 - py(v))}" fill="${s.color}"/>`,
          // the value at the foot of its bar (above a short one), away from the run dots near its top
          y0 - py(v) >= 20
            ? `<text x="${n(cx)}" y="${n(y0 - 6)}" text-anchor="middle" font-size="10.5" font-weight="bold" fill="white" ${FONT}>${escape(fy(v))}</text>`
            : `<text x="${n(cx)}" y="${n(py(v) - 5)}" text-anchor="middle" font-size="10.5" ${FONT}>${escape(fy(v))}</text>`,
        );
      }
      for (const r of s.runs?.[g] ?? []) {
        if (Number.isFinite(r))
          out.push(`<circle cx="${n(cx)}" cy="${n(py(r))}" r="2.5" fill="#222" fill-opacity="0.55"/>`);
      }
    });
    out.push(
      `<text x="${n(x0 + (g + 0.5) * groupW)}" y="${n(y0 + 18)}" text-anchor="middle" font-size="12" ${FONT}>${escape(group)}</text>`,
    );
  });
  out.push(
    `<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x1)}" y2="${n(y0)}" stroke="#333"/>`,
    `<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x0)}" y2="${n(top + margin.top)}" stroke="#333"/>`,
    `<text transform="translate(${n(18)} ${n(top + margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${escape(panel.yLabel)}</text>`,
  );
  // legend: one row under the group labels
  let lx = x0;
  const ly = y0 + 48;
  for (const s of panel.series) {
    out.push(
      `<rect x="${n(lx)}" y="${n(ly - 10)}" width="14" height="12" fill="${s.color}"/>`,
      `<text x="${n(lx + 20)}" y="${n(ly)}" font-size="11" ${FONT}>${escape(s.name)}</text>`,
    );
    lx += 20 + s.name.length * 6.2 + 18;
  }
  if (panel.series.some((s) => s.runs !== undefined)) {
    out.push(
      `<circle cx="${n(lx + 5)}" cy="${n(ly - 4)}" r="2.5" fill="#222" fill-opacity="0.55"/>`,
      `<text x="${n(lx + 12)}" y="${n(ly)}" font-size="11" ${FONT}>each run</text>`,
    );
  }
  return out.join('\n');
};

/** Splits a caption line at spaces so that each piece has at most `max` characters (roughly). */
const wrap = (line: string, max: number): string[] => {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current.length > 0 && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
};

/** One SVG document with the panels stacked vertically. */
export const renderChart = (panels: readonly (Panel | BarPanel)[], options: ChartOptions = {}): string => {
  const width = options.width ?? 760;
  const panelHeight = options.panelHeight ?? 380;
  const caption = (options.caption ?? []).flatMap((line) => wrap(line, Math.floor((width - 24) / 5.6)));
  const height = panels.length * panelHeight + caption.length * 15 + (caption.length > 0 ? 12 : 0);
  const body = panels.map((p, i) =>
    'kind' in p
      ? renderBarPanel(p, width, panelHeight, i * panelHeight)
      : renderPanel(p, width, panelHeight, i * panelHeight),
  );
  const captions = caption.map(
    (line, i) =>
      `<text x="12" y="${n(panels.length * panelHeight + 12 + i * 15)}" font-size="10.5" fill="#555" ${FONT}>${escape(line)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n(height)}" viewBox="0 0 ${width} ${n(height)}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    ...captions,
    '</svg>',
    '',
  ].join('\n');
};
