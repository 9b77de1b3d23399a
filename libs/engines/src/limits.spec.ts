import { jsonSafe, RowCollector, sqlConsoleResult, type SqlOutcome } from './limits';

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

describe('sqlConsoleResult', () => {
  const limits = { timeoutMs: 1, maxRows: 10, maxBytes: 1_000 };
  const outcome: SqlOutcome = {
    explain: false,
    columns: [],
    affected: 3,
    started: performance.now(),
    notices: [],
    plan: (cell) => JSON.parse(String(cell)) as unknown,
  };

  it('counts the rows returned by a select and the rows changed by DML, with notices only when any', () => {
    const selected = new RowCollector(limits);
    selected.add([1]);
    const select = sqlConsoleResult(selected, { ...outcome, columns: ['id'], notices: ['note'] });
    const dml = sqlConsoleResult(new RowCollector(limits), outcome);

    expect(select).toMatchObject({ columns: ['id'], rows: [[1]], rowCount: 1, truncated: false, notices: ['note'] });
    expect(dml).toMatchObject({ columns: [], rows: [], rowCount: 3, truncated: false });
    expect(dml).not.toHaveProperty('notices');
  });

  it('answers only the plan of an explain, read from the first cell, and null without one', () => {
    const explained = new RowCollector(limits);
    explained.add(['{"query_block": {}}']);
    const plan = sqlConsoleResult(explained, { ...outcome, explain: true, columns: ['EXPLAIN'] });
    const none = sqlConsoleResult(new RowCollector(limits), { ...outcome, explain: true });

    expect(plan).toMatchObject({ columns: [], rows: [], rowCount: 0, plan: { query_block: {} } });
    expect(none.plan).toBeNull();
  });
});
