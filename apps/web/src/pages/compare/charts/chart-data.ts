/**
 * The numbers behind the result view's charts, shaped from `GET /api/comparisons/:id` (pure: no
 * DOM, unit tested). Only the fields the charts read are declared, so the DTOs fit as they are.
 */
export interface EngineResults {
  engine: string;
  operations: {
    operation: string;
    throughput: number;
    latency: { p50: number; p99: number };
    curve: { percentile: number; ms: number }[];
  }[];
  repetitions: { repetition: number; completedPerSecond: number[] }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
}

export interface Tick {
  value: number;
  label: string;
}

/**
 * How an engine is drawn: colour AND a dash pattern AND a marker shape, so engines stay apart in
 * grey print and for colour-blind readers. Okabe–Ito hues, darkened to 3:1 against white
 * (WCAG 1.4.11 for graphics). Index = the engine's place in the comparison.
 */
export const ENGINE_STYLES = [
  { color: '#0072B2', dash: '', marker: 'circle' },
  { color: '#C04F00', dash: '8 4', marker: 'square' },
  { color: '#007A5A', dash: '2 3', marker: 'triangle' },
  { color: '#A0397E', dash: '10 3 2 3', marker: 'diamond' },
  { color: '#6B5B00', dash: '4 2', marker: 'cross' },
] as const;

export type EngineStyle = (typeof ENGINE_STYLES)[number];

export function engineStyle(index: number): EngineStyle {
  return ENGINE_STYLES[index % ENGINE_STYLES.length]!;
}

/**
 * The "nines" axis of an HDR latency chart: percentile p (0–100) at -log10(1 - p/100), so 90, 99,
 * 99.9 and 99.99 are evenly spaced and the tail (where engines differ) gets the room.
 * 100 (the maximum) is infinitely far: `undefined`, placed by `latencySeries`.
 */
export function ninesOf(percentile: number): number | undefined {
  if (percentile >= 100) return undefined;
  // `0 -` rather than unary minus: percentile 0 is 0, not -0.
  return 0 - Math.log10(1 - Math.max(0, percentile) / 100);
}

/** Percentiles labelled on the nines axis (those within the plotted range, and "max"). */
const NINES_TICKS = [0, 50, 90, 99, 99.9, 99.99, 99.999, 99.9999];

export interface LatencyChartData {
  series: Series[];
  ticks: Tick[];
  /** Right end of the x axis (nines). */
  maxX: number;
}

/**
 * One latency-by-percentile line per engine for one operation. The maximum (percentile 100) sits
 * one nine beyond the furthest finite percentile, labelled "max", as HDR plots do at their end.
 */
export function latencySeries(results: readonly EngineResults[], operation: string): LatencyChartData {
  const curves = results.map((engine) => ({
    name: engine.engine,
    curve: engine.operations.find((op) => op.operation === operation)?.curve ?? [],
  }));
  const finite = curves.flatMap((c) => c.curve.map((point) => ninesOf(point.percentile) ?? 0));
  const lastFinite = Math.max(1, ...finite);
  // Floating point puts 99.9 at 3.0000000000000004: round before taking the next whole nine.
  const maxPosition = Math.ceil(Number(lastFinite.toFixed(6))) + 1;
  const series = curves.map(({ name, curve }) => ({
    name,
    points: [...curve]
      .sort((a, b) => a.percentile - b.percentile)
      .map((point) => ({ x: ninesOf(point.percentile) ?? maxPosition, y: point.ms })),
  }));
  const ticks = NINES_TICKS.map((percentile) => ({ value: ninesOf(percentile)!, label: `${percentile}` }))
    .filter((tick) => Number(tick.value.toFixed(6)) < maxPosition)
    .concat({ value: maxPosition, label: 'max' });
  return { series, ticks, maxX: maxPosition };
}

/** Operations in the order the engines report them (every engine's, once). */
export function operationsOf(results: readonly EngineResults[]): string[] {
  return [...new Set(results.flatMap((engine) => engine.operations.map((op) => op.operation)))];
}

/** Repetition numbers any engine has (1-based, as the API numbers them). */
export function repetitionsOf(results: readonly EngineResults[]): number[] {
  const numbers = new Set(results.flatMap((engine) => engine.repetitions.map((r) => r.repetition)));
  return [...numbers].sort((a, b) => a - b);
}

/**
 * Completed operations per second of one repetition, one line per engine; x = the second's end
 * (1, 2, …), so a 10-second run spans 1–10.
 */
export function throughputSeries(results: readonly EngineResults[], repetition: number): Series[] {
  return results.map((engine) => ({
    name: engine.engine,
    points: (engine.repetitions.find((r) => r.repetition === repetition)?.completedPerSecond ?? []).map(
      (count, second) => ({ x: second + 1, y: count }),
    ),
  }));
}

export type BarMetric = 'p50' | 'p99' | 'throughput';

export interface BarGroup {
  operation: string;
  /** One value per engine, in the engines' order; `undefined` where the engine did not run it. */
  values: (number | undefined)[];
}

/** Bars per operation grouped by engine: the chosen metric of each engine × operation. */
export function operationBars(results: readonly EngineResults[], metric: BarMetric): BarGroup[] {
  return operationsOf(results).map((operation) => ({
    operation,
    values: results.map((engine) => {
      const op = engine.operations.find((candidate) => candidate.operation === operation);
      if (!op) return undefined;
      return metric === 'throughput' ? op.throughput : op.latency[metric];
    }),
  }));
}

/** About `count` round ticks (1, 2, 5 × 10^k steps) from 0 or `min` to at least `max`. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let value = Math.floor(min / step) * step; value < max + step; value += step) {
    ticks.push(Number(value.toPrecision(12)));
    if (value >= max) break;
  }
  return ticks;
}

/** Decades (and 2, 5 between them when few) covering [min, max] on a logarithmic axis; min > 0. */
export function logTicks(min: number, max: number): number[] {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  const steps = high - low <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    for (const step of steps) {
      const value = Number((step * 10 ** exponent).toPrecision(12));
      if (value <= 10 ** high) ticks.push(value);
    }
  }
  return ticks;
}

/** Smallest latency a log axis shows: HDR's resolution here is 1 µs, and 0 has no logarithm. */
export const LOG_FLOOR_MS = 0.001;

/** Maps a domain onto pixels, linearly or logarithmically (values below the floor clamp to it). */
export function scale(domain: [number, number], range: [number, number], log = false): (value: number) => number {
  const f = log ? (v: number) => Math.log10(Math.max(LOG_FLOOR_MS, v)) : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[1])];
  const k = d1 === d0 ? 0 : (range[1] - range[0]) / (d1 - d0);
  return (value) => range[0] + (f(value) - d0) * k;
}

/** A number as an axis label: short, no trailing zeros (0.0012, 1.5, 250, 12k). */
export function formatTick(value: number): string {
  if (Math.abs(value) >= 10_000) return `${Number((value / 1000).toPrecision(3))}k`;
  return `${Number(value.toPrecision(3))}`;
}

/** A label on up to two lines, split at the dash nearest its middle (long operation names collide). */
export function wrapLabel(name: string, maxLength = 14): string[] {
  if (name.length <= maxLength) return [name];
  const middle = name.length / 2;
  const dashes = [...name].flatMap((c, i) => (c === '-' ? [i] : []));
  if (dashes.length === 0) return [name];
  const at = dashes.reduce((best, i) => (Math.abs(i - middle) < Math.abs(best - middle) ? i : best));
  return [name.slice(0, at + 1), name.slice(at + 1)];
}

/** The latency curves in words (a chart's description): "redis: p0 0.1 ms, p50 0.2 ms, … max 3 ms". */
export function describeCurves(results: readonly EngineResults[], operation: string): string {
  return results
    .map((engine) => {
      const curve = engine.operations.find((op) => op.operation === operation)?.curve ?? [];
      const points = curve.map((p) => `${p.percentile >= 100 ? 'max' : `p${p.percentile}`} ${formatTick(p.ms)} ms`);
      return `${engine.engine}: ${points.join(', ') || 'no data'}`;
    })
    .join('; ');
}

/** Ticks for a count of whole things (seconds): round and whole, never 1.5 s. */
export function wholeTicks(min: number, max: number): Tick[] {
  return linearTicks(min, max)
    .filter((value) => Number.isInteger(value) && value >= min)
    .map((value) => ({ value, label: String(value) }));
}
