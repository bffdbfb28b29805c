// The harness's output for people: Markdown tables and SVG line charts (no dependencies; a chart
// is a handful of polylines, axes with round ticks, and a legend).
import type { Chart, Table, Verdict } from './scenario.js';

export function markdownTable(table: Table): string {
  const cell = (value: string | number) => String(value).replaceAll('|', '\\|');
  return [
    `**${table.title}**`,
    '',
    `| ${table.columns.map(cell).join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The verdicts as the expectation reads them: the leaky version fails, the fixed one passes. */
export function verdictLines(verdicts: Verdict[]): string[] {
  return verdicts.map((verdict) => {
    const expected = verdict.version === 'fixed' ? verdict.ok : !verdict.ok;
    return `${expected ? 'as expected' : 'UNEXPECTED '}  ${verdict.scenario} / ${verdict.subject} / ${verdict.version}: ${verdict.ok ? 'passes' : 'fails'} (${verdict.why})`;
  });
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 84 };
const COLOURS = ['#c0392b', '#2471a3', '#d68910', '#1e8449', '#7d3c98', '#5d6d7e'];

export function svgChart(chart: Chart): string {
  const all = chart.series.flatMap((series) => series.points);
  const xMax = niceCeiling(Math.max(1, ...all.map(([x]) => x)));
  const yMax = niceCeiling(Math.max(1, ...all.map(([, y]) => y)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xMax) * plotWidth;
  const py = (y: number) => MARGIN.top + plotHeight - (Math.max(0, y) / yMax) * plotHeight;
  const round = (n: number) => Math.round(n * 10) / 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${escape(chart.title)}</text>`,
  ];
  for (const tick of ticks(xMax)) {
    out.push(`<line x1="${round(px(tick))}" y1="${MARGIN.top}" x2="${round(px(tick))}" y2="${MARGIN.top + plotHeight}" stroke="#eee"/>`);
    out.push(`<text x="${round(px(tick))}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${tick}</text>`);
  }
  for (const tick of ticks(yMax)) {
    out.push(`<line x1="${MARGIN.left}" y1="${round(py(tick))}" x2="${MARGIN.left + plotWidth}" y2="${round(py(tick))}" stroke="#eee"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${round(py(tick)) + 4}" text-anchor="end">${tick}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight + 34}" text-anchor="middle">${escape(chart.x)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(chart.y)}</text>`);
  chart.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = series.points.map(([x, y]) => `${round(px(x))},${round(py(y))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points}"/>`);
    const legendX = MARGIN.left + (i % 3) * 190; // three to a row, under the x axis
    const legendY = MARGIN.top + plotHeight + 56 + Math.floor(i / 3) * 16;
    out.push(`<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 24}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
    out.push(`<text x="${legendX + 30}" y="${legendY}">${escape(series.name)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}

/** The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((step) => step * power).find((nice) => nice >= value)!;
}

function ticks(max: number): number[] {
  const step = max / 5;
  return Array.from({ length: 6 }, (_, i) => Math.round(i * step * 100) / 100);
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
