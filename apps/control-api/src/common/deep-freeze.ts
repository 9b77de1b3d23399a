/**
 * Freezes a value and every object or array inside it (records parsed from rows: plain data and
 * dates), so a value many callers share cannot be changed by one of them: in strict mode a write
 * throws where it happens instead of changing what the next caller reads.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}
