import { Button, Group, Text } from '@mantine/core';
import { type RefObject, useState } from 'react';
import { downloadSvgAs } from './svg-export';

interface ExportButtonsProps {
  /** What the chart is called in the buttons' names, e.g. "latency chart". */
  chart: string;
  /** The file name without extension. */
  basename: string;
  svgRef: RefObject<SVGSVGElement | null>;
}

/** "Download <chart> as SVG / PNG": the chart exactly as shown, as a file. */
export function ExportButtons({ chart, basename, svgRef }: ExportButtonsProps) {
  const [error, setError] = useState<string | undefined>();
  const download = (format: 'svg' | 'png') => {
    const svg = svgRef.current;
    if (!svg) return;
    setError(undefined);
    downloadSvgAs(svg, format, basename).catch((cause: unknown) =>
      setError(
        `The ${format.toUpperCase()} could not be made: ${cause instanceof Error ? cause.message : String(cause)}`,
      ),
    );
  };
  return (
    <Group gap="xs">
      {(['svg', 'png'] as const).map((format) => (
        <Button
          key={format}
          variant="default"
          size="xs"
          aria-label={`Download ${chart} as ${format.toUpperCase()}`}
          onClick={() => download(format)}
        >
          {format.toUpperCase()}
        </Button>
      ))}
      {error && (
        <Text role="alert" c="red.9" size="sm">
          {error}
        </Text>
      )}
    </Group>
  );
}
