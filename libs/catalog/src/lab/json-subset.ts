/**
 * Whether `actual` contains `expected`: objects by the keys `expected` lists (extra keys in
 * `actual` are fine), arrays element by element with the same length, everything else equal.
 * Lab checks state only what the lesson is about, not every field a response happens to carry.
 */
export function containsJson(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => containsJson(actual[index], item))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => key in record && containsJson(record[key], value));
  }
  return Object.is(actual, expected) || (typeof actual === 'number' && actual === expected);
}
