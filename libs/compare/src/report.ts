import { planOutline } from './explain';
import type { ComparisonResult } from './run-comparison';

const CSV_COLUMNS = [
  'engine',
  'model',
  'operation',
  'throughput',
  'count',
  'p50_ms',
  'p90_ms',
  'p99_ms',
  'p999_ms',
  'max_ms',
  'uncorrected_p99_ms',
  'errors',
  'throughput_min',
  'throughput_max',
  'p99_min_ms',
  'p99_max_ms',
] as const;

/** One row per engine × operation: what a spreadsheet needs. */
export function comparisonCsv(result: ComparisonResult): string {
  const rows = result.engines.flatMap((engine) =>
    engine.operations.map((op) => [
      engine.engine,
      engine.model,
      op.operation,
      op.throughput,
      op.latency.count,
      op.latency.p50,
      op.latency.p90,
      op.latency.p99,
      op.latency.p999,
      op.latency.max,
      op.uncorrected.p99,
      op.errors,
      op.spread.throughput.min,
      op.spread.throughput.max,
      op.spread.p99.min,
      op.spread.p99.max,
    ]),
  );
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n') + '\n';
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The run as Markdown: settings, the table per engine × operation, flags, spread, statements. */
export function comparisonMarkdown(result: ComparisonResult): string {
  const w = result.workload;
  const lines = [
    `# Comparison: ${w.name}`,
    '',
    `${w.description ?? ''}`.trim(),
    '',
    `- rate ${w.rate} op/s for ${w.durationSeconds} s after ${w.warmupSeconds} s warm-up, ${w.concurrency} connections, ` +
      `${w.repetitions} repetition(s), ${w.keys.distribution} keys` +
      (w.keys.distribution === 'zipfian' ? ` (θ ${w.keys.theta})` : ''),
    `- operations: ${w.operations.map((o) => `${o.name} ${o.weight}`).join(', ')}${w.mix ? ` (YCSB ${w.mix})` : ''}`,
    `- seed ${w.seed.seed}, size ${w.seed.size}; ${result.startedAt} → ${result.finishedAt}`,
    "- latency counts from each operation's intended start (corrected for coordinated omission); " +
      '"closed-loop p99" is what a tool measuring from the actual send would have shown.',
    '',
    result.unreliable
      ? '**Unreliable run**: see the flags below; the client, not the engines, may have set the pace.'
      : '',
    '',
    '| engine | operation | op/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | closed-loop p99 ms | errors | p99 spread ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const engine of result.engines) {
    for (const op of engine.operations) {
      const l = op.latency;
      lines.push(
        `| ${engine.engine} (${engine.model}) | ${op.operation} | ${op.throughput} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.p999} | ${l.max} | ${op.uncorrected.p99} | ${op.errors} | ${op.spread.p99.min}–${op.spread.p99.max} |`,
      );
    }
  }
  lines.push(
    '',
    '## Repetitions',
    '',
    '| engine | # | op/s | client CPU | late dispatches | flags |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  );
  for (const engine of result.engines) {
    for (const r of engine.repetitions) {
      lines.push(
        `| ${engine.engine} | ${r.repetition} | ${r.throughput} | ${(r.clientCpu * 100).toFixed(0)} % | ${(r.scheduleLag * 100).toFixed(2)} % | ${r.unreliable.join('; ') || 'ok'} |`,
      );
    }
  }
  const errors = result.engines.flatMap((e) => e.operations.filter((o) => o.errors > 0).map((o) => ({ e, o })));
  if (errors.length > 0) {
    lines.push('', '## Errors', '');
    for (const { e, o } of errors)
      lines.push(`- ${e.engine} · ${o.operation}: ${o.errors} (${o.errorSamples.join(' | ')})`);
  }
  lines.push('', '## What each engine ran', '');
  for (const engine of result.engines) {
    lines.push(`### ${engine.engine} (${engine.model})`, '');
    for (const [operation, statement] of Object.entries(engine.statements)) {
      lines.push(`- **${operation}**: \`${(statement ?? '').replace(/\s+/g, ' ').replace(/`/g, "'")}\``);
    }
    lines.push('');
  }
  lines.push(...plansMarkdown(result));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Per operation, each engine's explained statement and its plan outline (or why there is none). */
function plansMarkdown(result: ComparisonResult): string[] {
  const lines = ['', '## Query plans', ''];
  for (const { name } of result.workload.operations) {
    lines.push(`### ${name}`, '');
    for (const engine of result.engines) {
      const plan = (engine.plans ?? []).find((p) => p.operation === name);
      if (!plan) continue;
      lines.push(`**${engine.engine}** (${engine.model})`, '', '```', plan.statement.trim(), '```', '');
      const outline = plan.plan === undefined ? [] : planOutline(plan.plan);
      if (outline.length > 0) lines.push('```text', ...outline, '```', '');
      if (plan.note) lines.push(`> ${plan.note}`, '');
    }
  }
  return lines;
}
