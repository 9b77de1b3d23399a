/**
 * Redis stores strings; a serializer turns a value into one and back. JSON is the default because
 * it is readable in `redis-cli` — which matters when students inspect the cache — at the price of
 * losing types JSON does not have (a `Date` comes back as an ISO string, a `bigint` cannot go in).
 */
export interface Serializer<T> {
  encode(value: T): string;
  decode(text: string): T;
}

export function jsonSerializer<T>(): Serializer<T> {
  return {
    encode: (value) => {
      const text = JSON.stringify(value);
      // JSON.stringify(undefined) (or of a function) is undefined, not a string: refuse early.
      if (typeof text !== 'string') throw new Error('jsonSerializer: value has no JSON form');
      return text;
    },
    decode: (text) => JSON.parse(text) as T,
  };
}
