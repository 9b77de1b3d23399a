import { jsonSafe, RowCollector } from './limits';

describe('jsonSafe', () => {
  it('turns what JSON cannot carry into strings, nested values too', () => {
    expect(jsonSafe(12n)).toBe('12');
    expect(jsonSafe(Number.NaN)).toBe('NaN');
    expect(jsonSafe(Buffer.from([0xde, 0xad]))).toBe('\\xdead');
    expect(jsonSafe(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z');
    expect(jsonSafe({ a: [1n, undefined, { b: new Uint8Array([1]) }] })).toEqual({ a: ['1', null, { b: '\\x01' }] });
  });
});

describe('RowCollector', () => {
  it('keeps rows up to maxRows and says truncated only when one more came', () => {
    const exact = new RowCollector({ timeoutMs: 1, maxRows: 2, maxBytes: 1_000 });
    expect([exact.add([1]), exact.add([2])]).toEqual([true, true]);
    expect(exact.truncated).toBe(false);
    expect(exact.add([3])).toBe(false);
    expect(exact).toMatchObject({ rows: [[1], [2]], truncated: true });
  });

  it('stops before the row that would pass maxBytes (counted as JSON)', () => {
    const collector = new RowCollector({ timeoutMs: 1, maxRows: 100, maxBytes: 20 });
    expect(collector.add(['12345678'])).toBe(true); // ["12345678"] + 1 = 13 bytes
    expect(collector.add(['12345678'])).toBe(false);
    expect(collector).toMatchObject({ rows: [['12345678']], truncated: true });
  });
});
