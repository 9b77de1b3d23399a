import { Badge, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A badge whose words keep the page's text colour on a light tint of `color`: Mantine's filled and
 * light badges put white or mid-tone text on mid-tone colours, below WCAG AA's 4.5:1 for small text.
 * The colour is a hint; the words say it.
 */
export function StatusBadge({ color, children }: { color: MantineColor; children: ReactNode }) {
  return (
    <Badge
      variant="light"
      color={color}
      styles={{
        root: { border: `1px solid var(--mantine-color-${color}-outline)` },
        label: { color: 'var(--mantine-color-text)' },
      }}
    >
      {children}
    </Badge>
  );
}
