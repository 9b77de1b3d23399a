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

/**
 * The value `make` gives for `key`, made once per key object and frozen (every caller shares it):
 * for answers derived from objects that stay the same while their data does (rows kept by
 * CompiledSelect, the records made from them).
 */
export function frozenOncePer<Key extends object, Value>(
  made: WeakMap<Key, Value>,
  key: Key,
  make: (key: Key) => Value,
): Value {
  let value = made.get(key);
  if (value === undefined) {
    value = deepFreeze(make(key));
    made.set(key, value);
  }
  return value;
}
