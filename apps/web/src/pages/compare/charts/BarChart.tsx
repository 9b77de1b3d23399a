import type { Ref } from 'react';
import { type BarGroup, engineStyle, formatTick, linearTicks, scale, wrapLabel } from './chart-data';
import { ChartFrame, Marker, PLOT } from './chart-frame';

interface BarChartProps {
  title: string;
  description: string;
  engines: readonly string[];
  groups: BarGroup[];
  yLabel: string;
  svgRef: Ref<SVGSVGElement>;
}

/**
 * Bars per operation, grouped by engine: each bar in the engine's colour, outlined, with the
 * engine's marker on top and its value above, so colour is never the only signal.
 */
export function BarChart({ engines, groups, ...props }: BarChartProps) {
  const values = groups.flatMap((g) => g.values.filter((v): v is number => v !== undefined));
  const yValues = linearTicks(0, Math.max(1e-3, ...values));
  const y = scale([0, yValues[yValues.length - 1]!], [PLOT.bottom, PLOT.top]);
  const groupWidth = (PLOT.right - PLOT.left) / Math.max(1, groups.length);
  const barWidth = Math.min(40, (groupWidth * 0.8) / Math.max(1, engines.length));
  const groupStart = (index: number) => PLOT.left + index * groupWidth + (groupWidth - barWidth * engines.length) / 2;
  const yTicks = yValues.map((value) => ({ tick: { value, label: formatTick(value) }, at: y(value) }));

  return (
    <ChartFrame {...props} engines={engines} xTicks={[]} yTicks={yTicks} xLabel="Operation">
      {engines.map((engine, e) => {
        const style = engineStyle(e);
        return (
          <g key={engine} className="series" data-series={engine}>
            {groups.map((group, g) => {
              const value = group.values[e];
              if (value === undefined) return null;
              const left = groupStart(g) + e * barWidth;
              const top = y(value);
              return (
                <g key={group.operation}>
                  <rect
                    x={left + 1}
                    y={top}
                    width={barWidth - 2}
                    height={Math.max(0, PLOT.bottom - top)}
                    fill={style.color}
                    fillOpacity={0.75}
                    stroke={style.color}
                  />
                  <Marker style={style} x={left + barWidth / 2} y={top - 7} size={3.5} />
                  <text x={left + barWidth / 2} y={top - 16} textAnchor="middle" fontSize={10} fill="currentColor">
                    {formatTick(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <g fill="currentColor">
        {groups.map((group, g) => (
          <text key={group.operation} x={PLOT.left + (g + 0.5) * groupWidth} y={PLOT.bottom + 18} textAnchor="middle">
            {wrapLabel(group.operation).map((line, i) => (
              <tspan key={line} x={PLOT.left + (g + 0.5) * groupWidth} dy={i === 0 ? 0 : 13}>
                {line}
              </tspan>
            ))}
          </text>
        ))}
      </g>
    </ChartFrame>
  );
}
