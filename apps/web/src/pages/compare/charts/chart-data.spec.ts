import { describe, expect, it } from '@jest/globals';
import {
  describeCurves,
  type EngineResults,
  latencySeries,
  linearTicks,
  logTicks,
  ninesOf,
  operationBars,
  operationsOf,
  repetitionsOf,
  scale,
  throughputSeries,
  wholeTicks,
  wrapLabel,
} from './chart-data';

const curve = (ms: number[]) => [0, 50, 90, 99, 99.9, 100].map((percentile, i) => ({ percentile, ms: ms[i]! }));

const results: EngineResults[] = [
  {
    engine: 'postgresql',
    operations: [
      { operation: 'point-read', throughput: 95, latency: { p50: 0.4, p99: 2 }, curve: curve([0.1, 0.4, 1, 2, 5, 9]) },
      { operation: 'update', throughput: 5, latency: { p50: 1, p99: 4 }, curve: curve([0.5, 1, 2, 4, 6, 7]) },
    ],
    repetitions: [
      { repetition: 1, completedPerSecond: [20, 19, 21] },
      { repetition: 2, completedPerSecond: [18, 22] },
    ],
  },
  {
    engine: 'redis',
    operations: [
      {
        operation: 'point-read',
        throughput: 99,
        latency: { p50: 0.1, p99: 0.3 },
        curve: curve([0, 0.1, 0.2, 0.3, 0.4, 1]),
      },
    ],
    repetitions: [{ repetition: 1, completedPerSecond: [20, 20, 20] }],
  },
];

describe('ninesOf', () => {
  it('spaces 90, 99, 99.9 and 99.99 one unit apart, with the median at log10(2)', () => {
    expect([90, 99, 99.9, 99.99].map((p) => ninesOf(p))).toEqual([
      expect.closeTo(1, 9),
      expect.closeTo(2, 9),
      expect.closeTo(3, 9),
      expect.closeTo(4, 9),
    ]);
    expect(ninesOf(0)).toBe(0);
    expect(ninesOf(50)).toBeCloseTo(Math.log10(2), 9);
  });

  it('leaves the maximum (percentile 100) to the caller: it is infinitely far', () => {
    expect(ninesOf(100)).toBeUndefined();
  });
});

describe('latencySeries', () => {
  it('draws one line per engine, the maximum one nine beyond the furthest finite percentile', () => {
    const { series, ticks, maxX } = latencySeries(results, 'point-read');
    expect(series.map((s) => s.name)).toEqual(['postgresql', 'redis']);
    expect(maxX).toBe(4);
    expect(series[0]!.points.map((p) => p.y)).toEqual([0.1, 0.4, 1, 2, 5, 9]);
    expect(series[0]!.points.at(-1)).toEqual({ x: 4, y: 9 });
    expect(ticks.map((t) => t.label)).toEqual(['0', '50', '90', '99', '99.9', 'max']);
  });

  it('gives an engine without the operation an empty line, so the styles keep their order', () => {
    const { series } = latencySeries(results, 'update');
    expect(series.map((s) => s.points.length)).toEqual([6, 0]);
  });

  it('describes the curves in words', () => {
    expect(describeCurves(results, 'update')).toBe(
      'postgresql: p0 0.5 ms, p50 1 ms, p90 2 ms, p99 4 ms, p99.9 6 ms, max 7 ms; redis: no data',
    );
  });
});

describe('throughputSeries, operations and repetitions', () => {
  it('puts each second’s completed operations at the second’s end, per engine', () => {
    expect(throughputSeries(results, 1)).toEqual([
      {
        name: 'postgresql',
        points: [
          { x: 1, y: 20 },
          { x: 2, y: 19 },
          { x: 3, y: 21 },
        ],
      },
      {
        name: 'redis',
        points: [
          { x: 1, y: 20 },
          { x: 2, y: 20 },
          { x: 3, y: 20 },
        ],
      },
    ]);
    expect(throughputSeries(results, 2)[1]).toEqual({ name: 'redis', points: [] });
  });

  it('lists every operation and repetition once', () => {
    expect(operationsOf(results)).toEqual(['point-read', 'update']);
    expect(repetitionsOf(results)).toEqual([1, 2]);
  });

  it('groups bars by operation with one value per engine, none where it did not run', () => {
    expect(operationBars(results, 'p99')).toEqual([
      { operation: 'point-read', values: [2, 0.3] },
      { operation: 'update', values: [4, undefined] },
    ]);
    expect(operationBars(results, 'throughput')[0]!.values).toEqual([95, 99]);
  });
});

describe('axes', () => {
  it('picks round linear ticks that cover the maximum', () => {
    expect(linearTicks(0, 9)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0, 0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('picks decades on a log axis, with 2 and 5 between them when the span is short', () => {
    expect(logTicks(0.05, 300)).toEqual([0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(0.3, 4)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });

  it('maps a log domain evenly per decade and clamps zero to the floor', () => {
    const y = scale([0.1, 100], [300, 0], true);
    expect([0.1, 1, 10, 100].map(y)).toEqual([300, 200, 100, 0]);
    expect(Number.isFinite(y(0))).toBe(true);
  });

  it('labels seconds with whole numbers only', () => {
    expect(wholeTicks(1, 3).map((t) => t.label)).toEqual(['1', '2', '3']);
    expect(wholeTicks(1, 60).map((t) => t.value)).toEqual([20, 40, 60]);
  });

  it('wraps a long operation name at its middle dash', () => {
    expect(wrapLabel('customer-order-history')).toEqual(['customer-', 'order-history']);
    expect(wrapLabel('point-read')).toEqual(['point-read']);
  });
});
