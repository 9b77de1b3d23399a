import type { ReactNode, Ref } from 'react';
import { useId } from 'react';
import { type EngineStyle, type Tick, engineStyle } from './chart-data';

/** The drawing area of every chart (a viewBox: the SVG scales to its container's width). */
export const FRAME = { width: 760, height: 380, top: 48, right: 24, bottom: 56, left: 68 } as const;
export const PLOT = {
  left: FRAME.left,
  right: FRAME.width - FRAME.right,
  top: FRAME.top,
  bottom: FRAME.height - FRAME.bottom,
} as const;

interface ChartFrameProps {
  /** The chart's accessible name (its <title>). */
  title: string;
  /** What it shows in words (its <desc>): the numbers for those who cannot see the lines. */
  description: string;
  engines: readonly string[];
  xTicks: { tick: Tick; at: number }[];
  yTicks: { tick: Tick; at: number }[];
  xLabel: string;
  yLabel: string;
  svgRef: Ref<SVGSVGElement>;
  children: ReactNode;
}

/**
 * An accessible chart frame: role="img" named by its <title> and described by its <desc> (both go
 * along in an SVG export), axes with ticks, and a legend in the SVG itself so an exported file
 * still says which line is which. Text takes the theme's colour through `currentColor`.
 */
export function ChartFrame(props: ChartFrameProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <svg
      ref={props.svgRef}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
      width="100%"
      // Up to 1.25× its drawing size: text stays readable on a wide page, the chart never overflows a narrow one.
      style={{ maxWidth: FRAME.width * 1.25, color: 'var(--mantine-color-text)', display: 'block' }}
      fontSize={12}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      <Legend engines={props.engines} />
      <g className="axis" stroke="currentColor" strokeOpacity={0.25}>
        {props.yTicks.map(({ tick, at }) => (
          <line key={`y${tick.value}`} x1={PLOT.left} x2={PLOT.right} y1={at} y2={at} />
        ))}
      </g>
      <g fill="currentColor">
        {props.yTicks.map(({ tick, at }) => (
          <text key={`y${tick.value}`} x={PLOT.left - 8} y={at} textAnchor="end" dominantBaseline="middle">
            {tick.label}
          </text>
        ))}
        {props.xTicks.map(({ tick, at }) => (
          <text key={`x${tick.value}`} x={at} y={PLOT.bottom + 18} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        <text x={(PLOT.left + PLOT.right) / 2} y={FRAME.height - 10} textAnchor="middle">
          {props.xLabel}
        </text>
        <text
          transform={`translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          dominantBaseline="middle"
        >
          {props.yLabel}
        </text>
      </g>
      <line x1={PLOT.left} x2={PLOT.right} y1={PLOT.bottom} y2={PLOT.bottom} stroke="currentColor" />
      <line x1={PLOT.left} x2={PLOT.left} y1={PLOT.top} y2={PLOT.bottom} stroke="currentColor" />
      {props.children}
    </svg>
  );
}

const LEGEND_ENTRY_WIDTH = 140;

function Legend({ engines }: { engines: readonly string[] }) {
  return (
    <g className="legend">
      {engines.map((engine, index) => {
        const style = engineStyle(index);
        const x = PLOT.left + index * LEGEND_ENTRY_WIDTH;
        return (
          <g key={engine} className="legend-entry" data-series={engine}>
            <line
              x1={x}
              x2={x + 32}
              y1={18}
              y2={18}
              stroke={style.color}
              strokeWidth={2}
              strokeDasharray={style.dash || undefined}
            />
            <Marker style={style} x={x + 16} y={18} />
            <text x={x + 40} y={18} dominantBaseline="middle" fill="currentColor">
              {engine}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** The engine's marker shape at (x, y): the second signal beside colour (and the dash). */
export function Marker({ style, x, y, size = 4.5 }: { style: EngineStyle; x: number; y: number; size?: number }) {
  const s = size;
  const common = { fill: style.color, stroke: style.color, strokeWidth: 1.5 };
  switch (style.marker) {
    case 'circle':
      return <circle cx={x} cy={y} r={s} {...common} />;
    case 'square':
      return <rect x={x - s} y={y - s} width={2 * s} height={2 * s} {...common} />;
    case 'triangle':
      return <polygon points={`${x},${y - s * 1.2} ${x + s * 1.1},${y + s} ${x - s * 1.1},${y + s}`} {...common} />;
    case 'diamond':
      return <polygon points={`${x},${y - s * 1.3} ${x + s},${y} ${x},${y + s * 1.3} ${x - s},${y}`} {...common} />;
    case 'cross':
      return (
        <path
          d={`M${x - s},${y - s}L${x + s},${y + s}M${x - s},${y + s}L${x + s},${y - s}`}
          stroke={style.color}
          strokeWidth={2.5}
          fill="none"
        />
      );
  }
}
