import { Alert, createTheme, defaultVariantColorsResolver, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults, adjusted where its colours fall short of WCAG AA contrast (axe checks it):
 * a primary colour whose filled buttons keep AA; `light` variants (badges, light buttons) with the
 * darkest shade as text; alert titles in the text colour.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 5 },
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  variantColorResolver: (input) => {
    const colors = defaultVariantColorsResolver(input);
    const color = input.color ?? input.theme.primaryColor;
    if (input.variant === 'light' && color in input.theme.colors) {
      return { ...colors, color: `light-dark(var(--mantine-color-${color}-9), var(--mantine-color-${color}-2))` };
    }
    return colors;
  },
  components: {
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

/** The error colour (a field's error text, and its value while in error) dark enough on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
