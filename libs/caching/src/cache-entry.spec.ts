import { assertTtls, decodeEntry, NOT_FOUND_MARKER } from './cache-entry';
import { jsonSerializer } from './serialization';

describe('decodeEntry', () => {
  const json = jsonSerializer<{ title: string }>();

  it('tells an empty key, a remembered "not found" and a value apart', () => {
    expect(decodeEntry(null, json)).toEqual({ cached: false });
    expect(decodeEntry(NOT_FOUND_MARKER, json)).toEqual({ cached: true, value: undefined });
    expect(decodeEntry('{"title":"x"}', json)).toEqual({ cached: true, value: { title: 'x' } });
  });

  it('cannot confuse the marker with any JSON value', () => {
    for (const value of ['!not-found', null, 0, false, [], {}])
      expect(json.encode(value as never)).not.toBe(NOT_FOUND_MARKER);
  });
});

describe('assertTtls', () => {
  it('wants positive integer milliseconds, and a negative TTL no longer than the positive one', () => {
    expect(() => assertTtls({ ttlMs: 60_000, negativeTtlMs: 5_000 })).not.toThrow();
    expect(() => assertTtls({ ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => assertTtls({ ttlMs: 1.5 })).toThrow(/ttlMs/);
    expect(() => assertTtls({ ttlMs: 1_000, negativeTtlMs: 5_000 })).toThrow(/must not exceed/);
  });
});
