/**
 * A readable difference between two plain values: one line per differing leaf, with its path
 * (`[0].lines[1].unitPriceCents: expected 1299, got 1399`). Enough to see why an answer is wrong
 * without dumping both answers.
 */
export function describeDifferences(expected: unknown, actual: unknown, maxLines = 20): string[] {
  const lines: string[] = [];
  walk(expected, actual, '', lines);
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… and ${lines.length - maxLines} more`] : lines;
}

function walk(expected: unknown, actual: unknown, path: string, lines: string[]): void {
  if (Object.is(expected, actual)) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      lines.push(`${path || '(answer)'}: expected ${expected.length} items, got ${actual.length}`);
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i += 1) {
      walk(expected[i], actual[i], `${path}[${i}]`, lines);
    }
    return;
  }
  if (isRecord(expected) && isRecord(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) walk(expected[key], actual[key], path ? `${path}.${key}` : key, lines);
    return;
  }
  lines.push(`${path || '(answer)'}: expected ${show(expected)}, got ${show(actual)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
