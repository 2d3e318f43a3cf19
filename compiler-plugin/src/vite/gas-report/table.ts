// The gas report as a table for the terminal: one row per actor and route, figures right-aligned.
import type { GasReportFigures, GasReportJson } from './json.js';

/** `1234567` as `1,234,567` (grouped by hand: the same on every machine, whatever its locale). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function stats(f: GasReportFigures): [string, string, string] {
  return f.messages === 0 ? ['-', '-', '-'] : [grouped(f.min), grouped(f.avg), grouped(f.max)];
}

/** The readable table of a JSON gas report (ends with a newline). */
export function gasReportTable(report: GasReportJson): string {
  const { totals } = report;
  const title = `Sprocket gas report: ${grouped(totals.messages)} handled messages (${grouped(totals.failed)} failed), ${grouped(totals.gas)} gas`;
  if (report.routes.length === 0) return `${title}\n(no test system handled a message)\n`;
  const head = ['Actor', 'Route', 'Calls', 'Min', 'Avg', 'Max', 'Failed', 'Failed min', 'Failed avg', 'Failed max'];
  const rows = report.routes.map((r) => [
    r.actor,
    r.route,
    grouped(r.ok.messages),
    ...stats(r.ok),
    grouped(r.failed.messages),
    ...stats(r.failed),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  // Names left-aligned, figures right-aligned.
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[title, '', line(head), rule, ...rows.map(line)].join('\n')}\n`;
}
