import { StatementRejected, type ConsoleResult } from '@lab/engines';
import type { CompareEngine } from './engine';
import { bindLiterals, EXPLAIN_LIMITS, explainProbes, planOutline, planWorkload } from './explain';
import { validateWorkload } from './workload';

describe('bindLiterals', () => {
  it('binds $n by number, as often as they appear, and quotes strings', () => {
    expect(bindLiterals('SELECT $2, $1, $2, $10 WHERE x = $1', [1, "it's", 3, 4, 5, 6, 7, 8, 9, 10], 'dollar')).toBe(
      "SELECT 'it''s', 1, 'it''s', 10 WHERE x = 1",
    );
  });

  it('binds ? in order', () => {
    expect(bindLiterals('UPDATE books SET price_cents = ? WHERE id = ?', [1999, 1], 'question')).toBe(
      'UPDATE books SET price_cents = 1999 WHERE id = 1',
    );
  });

  it('refuses a placeholder without a value rather than explaining another statement', () => {
    expect(() => bindLiterals('SELECT $1, $2', [1], 'dollar')).toThrow('no sample value for $2');
  });
});

/** The console's answer to an explain: a refusal for the statement `bad`, else a plan. */
async function fakeExplain(statement: string): Promise<ConsoleResult> {
  if (statement === 'bad') throw new StatementRejected('syntax error');
  return { columns: [], rows: [], rowCount: 0, truncated: false, durationMs: 1, plan: [{ Plan: {} }] };
}

describe('explainProbes', () => {
  it("asks the console's explain in plan mode, keeps notes, and turns a refusal into a note", async () => {
    const asked: unknown[] = [];
    const plans = await explainProbes(
      'postgresql',
      'postgresql://u:p@h/db',
      [
        { operation: 'point-read', statement: 'SELECT 1', explain: true },
        { operation: 'new-order', statement: 'UPDATE t SET x = 1', explain: true, note: 'first of three' },
        { operation: 'top-books', statement: 'bad', explain: true },
        { operation: 'range-scan', statement: 'ZRANGE', explain: false, note: 'no planner' },
      ],
      async (engine, url, query) => {
        asked.push({ engine, url, query });
        return fakeExplain(query.statement);
      },
    );
    expect(asked).toEqual(
      ['SELECT 1', 'UPDATE t SET x = 1', 'bad'].map((statement) => ({
        engine: 'postgresql',
        url: 'postgresql://u:p@h/db',
        query: { statement, explain: 'plan', limits: EXPLAIN_LIMITS },
      })),
    );
    expect(plans).toEqual([
      { operation: 'point-read', statement: 'SELECT 1', plan: [{ Plan: {} }] },
      { operation: 'new-order', statement: 'UPDATE t SET x = 1', plan: [{ Plan: {} }], note: 'first of three' },
      { operation: 'top-books', statement: 'bad', note: 'explain failed: syntax error' },
      { operation: 'range-scan', statement: 'ZRANGE', note: 'no planner' },
    ]);
  });
});

describe('planWorkload', () => {
  const workload = validateWorkload({
    name: 'f',
    seed: { seed: 1, size: 1 },
    mix: 'F',
    rate: 1,
    durationSeconds: 1,
  });

  it("orders the plans by the workload's operations and points a read-modify-write at its parts", async () => {
    const engine = {
      name: 'x',
      statements: () => ({ 'point-read': 'GET', 'price-change': 'SET' }),
      explain: async () => [
        { operation: 'price-change', statement: 'SET 1', note: 'O(1)' },
        { operation: 'point-read', statement: 'GET 1', note: 'O(1)' },
      ],
    } as unknown as CompareEngine;
    expect(await planWorkload(engine, workload)).toEqual([
      { operation: 'point-read', statement: 'GET 1', note: 'O(1)' },
      {
        operation: 'read-modify-write',
        statement: 'GET; SET',
        note: 'a point-read, then a price-change: see their plans',
      },
    ]);
  });

  it('says so when the engine explains nothing', async () => {
    const engine = { name: 'y', statements: () => ({ 'point-read': 'find' }) } as unknown as CompareEngine;
    expect((await planWorkload(engine, workload))[0]).toEqual({
      operation: 'point-read',
      statement: 'find',
      note: 'y explains no plans',
    });
  });
});

describe('planOutline', () => {
  it("outlines PostgreSQL's nodes with what they read, nested", () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'Limit',
          Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'books', 'Index Name': 'books_pkey' }],
        },
      },
    ];
    expect(planOutline(plan)).toEqual(['Limit', '  Index Scan on books using books_pkey']);
  });

  it("outlines MariaDB's tables with their access type and the operations around them", () => {
    const plan = {
      query_block: {
        select_id: 1,
        filesort: { sort_key: 'x', temporary_table: { table: { table_name: 'l', access_type: 'ALL' } } },
        table: { table_name: 'books', access_type: 'const', key: 'PRIMARY' },
      },
    };
    expect(planOutline(plan)).toEqual(['books (const) using PRIMARY', 'filesort', '  temporary table', '    l (ALL)']);
  });

  it('has nothing to say about an unknown shape', () => {
    expect(planOutline({ something: 1 })).toEqual([]);
  });
});
