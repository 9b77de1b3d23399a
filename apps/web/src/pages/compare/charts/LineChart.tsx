import type { Ref } from 'react';
import {
  type Series,
  type Tick,
  engineStyle,
  formatTick,
  LOG_FLOOR_MS,
  linearTicks,
  logTicks,
  scale,
} from './chart-data';
import { ChartFrame, Marker, PLOT } from './chart-frame';

interface LineChartProps {
  title: string;
  description: string;
  /** One per engine, in the comparison's order (the order picks the style). */
  series: Series[];
  xDomain: [number, number];
  /** Where the x axis is labelled; default: round numbers over the domain. */
  xTicks?: Tick[];
  xLabel: string;
  yLabel: string;
  /** A logarithmic y axis (latencies spanning decades). */
  yLog?: boolean;
  svgRef: Ref<SVGSVGElement>;
}

/** At most this many markers per line: enough to tell the lines apart, few enough to read them. */
const MAX_MARKERS = 12;

/** Lines, one per engine, each with its colour, dash and marker (plain SVG: see README of charts). */
export function LineChart({ series, xDomain, yLog = false, ...props }: LineChartProps) {
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const yMax = Math.max(yLog ? LOG_FLOOR_MS * 10 : 1, ...ys);
  const positive = ys.filter((y) => y > 0);
  const yMin = yLog ? Math.max(LOG_FLOOR_MS, Math.min(yMax / 10, ...positive)) : 0;
  const yValues = yLog ? logTicks(yMin, yMax) : linearTicks(0, yMax);
  const yDomain: [number, number] = yLog
    ? [yValues[0]!, yValues[yValues.length - 1]!]
    : [0, yValues[yValues.length - 1]!];
  const x = scale(xDomain, [PLOT.left, PLOT.right]);
  const y = scale(yDomain, [PLOT.bottom, PLOT.top], yLog);
  const xTicks = (
    props.xTicks ?? linearTicks(xDomain[0], xDomain[1]).map((value) => ({ value, label: formatTick(value) }))
  )
    .filter((tick) => tick.value >= xDomain[0] && tick.value <= xDomain[1])
    .map((tick) => ({ tick, at: x(tick.value) }));
  const yTicks = yValues.map((value) => ({ tick: { value, label: formatTick(value) }, at: y(value) }));

  return (
    <ChartFrame {...props} engines={series.map((s) => s.name)} xTicks={xTicks} yTicks={yTicks}>
      {series.map((s, index) => {
        const style = engineStyle(index);
        const every = Math.max(1, Math.ceil(s.points.length / MAX_MARKERS));
        const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join('');
        return (
          <g key={s.name}>
            <path
              className="series"
              data-series={s.name}
              d={d}
              fill="none"
              stroke={style.color}
              strokeWidth={2}
              strokeDasharray={style.dash || undefined}
            />
            {s.points
              .filter((_, i) => (i + index) % every === 0)
              .map((p) => (
                <Marker key={p.x} style={style} x={x(p.x)} y={y(p.y)} size={3.5} />
              ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
