import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ratio, Summary } from './stats';

export interface BenchRow {
  name: string;
  summary: Summary;
  /** The row this one is compared with, measured in the same run. */
  floor?: string;
}

export interface BenchReport {
  suite: string;
  startedAt: string;
  durationSeconds: number;
  environment: Record<string, string | number>;
  rows: BenchRow[];
  notes: string[];
}

export function machineEnvironment(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return { node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), ...extra };
}

export function toMarkdown(report: BenchReport): string {
  const floorOf = (row: BenchRow) => report.rows.find((r) => r.name === row.floor);
  const withP99 = report.rows.some((row) => row.summary.p99 !== undefined);
  const lines = [
    `# Bench: ${report.suite}`,
    '',
    `${report.startedAt} · ${report.durationSeconds.toFixed(1)} s · ${Object.entries(report.environment)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ')}`,
    '',
    withP99
      ? '| measurement | runs | p50 ms | p95 ms | p99 ms | min ms | max ms | p50 ÷ floor | p95 ÷ floor |'
      : '| measurement | runs | p50 ms | p95 ms | min ms | max ms | p50 ÷ floor | p95 ÷ floor |',
    withP99
      ? '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
      : '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map((row) => {
      const floor = floorOf(row);
      const s = row.summary;
      // A figure a row does not have (p95 of a closed-loop run) has no ratio either.
      const against = (value: number, floorValue: number) => {
        const r = floor ? ratio(value, floorValue) : Number.NaN;
        return Number.isNaN(r) ? '—' : r.toFixed(2);
      };
      const r50 = against(s.p50, floor?.summary.p50 ?? Number.NaN);
      const r95 = against(s.p95, floor?.summary.p95 ?? Number.NaN);
      const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(1));
      const p99 = withP99 ? ` ${ms(s.p99)} |` : '';
      return `| ${row.name} | ${s.runs} | ${ms(s.p50)} | ${ms(s.p95)} |${p99} ${ms(s.min)} | ${ms(s.max)} | ${r50} | ${r95} |`;
    }),
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

/** Writes `<suite>-<timestamp>.json` and `.md` (and `<suite>-latest.*`); returns the Markdown. */
export function writeReport(dir: string, report: BenchReport): { markdown: string; files: string[] } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const markdown = toMarkdown(report);
  const json = JSON.stringify(
    {
      ...report,
      rows: report.rows.map((row) => {
        const floor = report.rows.find((r) => r.name === row.floor);
        return floor
          ? {
              ...row,
              ratioP50: ratio(row.summary.p50, floor.summary.p50),
              ratioP95: ratio(row.summary.p95, floor.summary.p95),
            }
          : row;
      }),
    },
    null,
    2,
  );
  const files: string[] = [];
  for (const name of [`${report.suite}-${stamp}`, `${report.suite}-latest`]) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), markdown);
    files.push(join(dir, `${name}.json`), join(dir, `${name}.md`));
  }
  return { markdown, files };
}
