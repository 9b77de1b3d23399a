import { Group, NativeSelect, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import {
  type BarMetric,
  describeCurves,
  type EngineResults,
  formatTick,
  latencySeries,
  operationBars,
  operationsOf,
  repetitionsOf,
  throughputSeries,
  wholeTicks,
} from './chart-data';
import { BarChart } from './BarChart';
import { ExportButtons } from './ExportButtons';
import { LineChart } from './LineChart';

const BAR_METRICS: { value: BarMetric; label: string; axis: string }[] = [
  { value: 'p50', label: 'p50 latency', axis: 'p50 latency (ms)' },
  { value: 'p99', label: 'p99 latency', axis: 'p99 latency (ms)' },
  { value: 'throughput', label: 'Throughput', axis: 'Operations per second' },
];

/**
 * The result view's charts: latency by percentile (HDR, nines axis) for one operation, throughput
 * over time for one repetition, and bars per operation. Each exports as SVG and PNG.
 */
export function ComparisonCharts({ results }: { results: readonly EngineResults[] }) {
  const engines = results.map((r) => r.engine);
  const operations = operationsOf(results);
  const repetitions = repetitionsOf(results);
  const [operation, setOperation] = useState(operations[0] ?? '');
  const [logLatency, setLogLatency] = useState(false);
  const [repetition, setRepetition] = useState(repetitions[0] ?? 1);
  const [metric, setMetric] = useState<BarMetric>('p50');
  const latencyRef = useRef<SVGSVGElement>(null);
  const throughputRef = useRef<SVGSVGElement>(null);
  const barsRef = useRef<SVGSVGElement>(null);
  if (operations.length === 0) return null;

  const latency = latencySeries(results, operation);
  const throughput = throughputSeries(results, repetition);
  const seconds = Math.max(1, ...throughput.map((s) => s.points.length));
  const bars = operationBars(results, metric);
  const barMetric = BAR_METRICS.find((m) => m.value === metric)!;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3}>Latency by percentile</Title>
        <Group align="end">
          <NativeSelect
            label="Operation"
            data={operations}
            value={operation}
            onChange={(event) => setOperation(event.currentTarget.value)}
          />
          <Switch
            label="Logarithmic latency axis"
            checked={logLatency}
            onChange={(event) => setLogLatency(event.currentTarget.checked)}
          />
          <ExportButtons chart="latency chart" basename={`latency-${operation}`} svgRef={latencyRef} />
        </Group>
        <LineChart
          svgRef={latencyRef}
          title={`Latency by percentile of ${operation}, one line per engine`}
          description={describeCurves(results, operation)}
          series={latency.series}
          xDomain={[0, latency.maxX]}
          xTicks={latency.ticks}
          xLabel="Percentile (nines: 90, 99, 99.9 … evenly spaced)"
          yLabel="Latency (ms)"
          yLog={logLatency}
        />
      </Stack>
      <Stack gap="xs">
        <Title order={3}>Throughput over time</Title>
        <Group align="end">
          <NativeSelect
            label="Repetition"
            data={repetitions.map((r) => ({ value: String(r), label: `Repetition ${r}` }))}
            value={String(repetition)}
            onChange={(event) => setRepetition(Number(event.currentTarget.value))}
          />
          <ExportButtons
            chart="throughput chart"
            basename={`throughput-repetition-${repetition}`}
            svgRef={throughputRef}
          />
        </Group>
        <LineChart
          svgRef={throughputRef}
          title={`Completed operations per second in repetition ${repetition}, one line per engine`}
          description={throughput
            .map(
              (s) => `${s.name}: ${s.points.map((p) => p.y).join(', ')} operations in seconds 1 to ${s.points.length}`,
            )
            .join('; ')}
          series={throughput}
          xDomain={[1, Math.max(2, seconds)]}
          xTicks={wholeTicks(1, Math.max(2, seconds))}
          xLabel="Second of the measured run"
          yLabel="Operations per second"
        />
      </Stack>
      <Stack gap="xs">
        <Title order={3}>Per operation</Title>
        <Group align="end">
          <SegmentedControl
            aria-label="Bar metric"
            data={BAR_METRICS.map(({ value, label }) => ({ value, label }))}
            value={metric}
            onChange={(value) => setMetric(value as BarMetric)}
          />
          <ExportButtons chart="operations chart" basename={`operations-${metric}`} svgRef={barsRef} />
        </Group>
        <BarChart
          svgRef={barsRef}
          title={`${barMetric.label} per operation, grouped by engine`}
          description={bars
            .map(
              (g) =>
                `${g.operation}: ${g.values.map((v, i) => `${engines[i]} ${v === undefined ? 'none' : formatTick(v)}`).join(', ')}`,
            )
            .join('; ')}
          engines={engines}
          groups={bars}
          yLabel={barMetric.axis}
        />
        <Text size="sm">Latency in ms from each operation’s intended start; the numbers are in the table above.</Text>
      </Stack>
    </Stack>
  );
}
