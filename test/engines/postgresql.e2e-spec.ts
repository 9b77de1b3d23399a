import {
  EngineStatementError,
  EngineUnreachable,
  QueryTimedOut,
  runConsoleQuery,
  StatementRejected,
} from '@lab/engines';
import { MiB, peakRssGrowth } from '../support/peak-rss';
import { consoleOn, consoleLimits as limits } from './support/engine-console';
import { startPostgres } from './support/engine-sandboxes';

/** The console on a real PostgreSQL of the image kit: results, limits and errors. */
describe('engines: PostgreSQL console', () => {
  const postgres = consoleOn('postgresql', startPostgres);
  const { run } = postgres;

  it('runs DDL, DML and a select with typed, JSON-safe values', async () => {
    const created = await run('CREATE TABLE books (id bigint PRIMARY KEY, title text, price numeric(6,2), added date)');
    const inserted = await run(
      "INSERT INTO books VALUES (1, 'Dune', 9.50, '2024-01-02'), (2, 'Emma', 7.25, '2024-03-04'), (3, NULL, NULL, NULL)",
    );
    const updated = await run("UPDATE books SET title = 'Untitled' WHERE title IS NULL");
    const selected = await run('SELECT id, title, price, added, id * 2 AS twice FROM books ORDER BY id;');

    expect(created).toMatchObject({ columns: [], rows: [], rowCount: 0, truncated: false });
    expect(inserted).toMatchObject({ columns: [], rowCount: 3, truncated: false });
    expect(updated).toMatchObject({ rowCount: 1 });
    expect(selected).toMatchObject({
      columns: ['id', 'title', 'price', 'added', 'twice'],
      rows: [
        ['1', 'Dune', '9.50', expect.stringMatching(/^2024-01-0[12]T/), '2'],
        ['2', 'Emma', '7.25', expect.stringMatching(/^2024-03-0[34]T/), '4'],
        ['3', 'Untitled', null, null, '6'],
      ],
      rowCount: 3,
      truncated: false,
    });
    expect(selected.durationMs).toEqual(expect.any(Number));
  });

  it('collects notices', async () => {
    const result = await run("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$");
    expect(result.notices).toEqual(['hello 42']);
  });

  it('explains as structured JSON, with actual figures when analyzed', async () => {
    const plan = await run('SELECT * FROM books WHERE id = 1', { explain: 'plan' });
    const analyzed = await run('SELECT * FROM books WHERE id = 1', { explain: 'analyze' });
    expect(plan).toMatchObject({ columns: [], rows: [], plan: [{ Plan: { 'Node Type': expect.any(String) } }] });
    expect((plan.plan as [{ Plan: object }])[0].Plan).not.toHaveProperty('Actual Rows');
    expect(analyzed.plan).toEqual([
      expect.objectContaining({
        Plan: expect.objectContaining({ 'Actual Rows': 1 }),
        'Execution Time': expect.any(Number),
      }),
    ]);
  });

  it('cancels a statement past its timeout on the server (QueryTimedOut, SQLSTATE 57014)', async () => {
    const failure = run('SELECT pg_sleep(10)');
    await expect(failure).rejects.toBeInstanceOf(QueryTimedOut);
    await expect(failure).rejects.toMatchObject({ code: '57014' });
  });

  it('returns the first 1,000 rows of ten million, truncated, and the caller grows by less than 50 MiB', async () => {
    await run('SELECT 1'); // load the driver's code paths before measuring
    const { result, growth } = await peakRssGrowth(() => run('SELECT generate_series(1, 10000000)'));
    console.log(`generate_series(1, 1e7): peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
    expect(result).toMatchObject({ columns: ['generate_series'], rowCount: 1_000, truncated: true });
    expect(result.rows).toHaveLength(1_000);
    expect(result.rows[999]).toEqual([1_000]);
    expect(growth).toBeLessThan(50 * MiB);
  });

  it('stops at maxBytes, and at a single value larger than the wire allows', async () => {
    const small = { ...limits, maxBytes: 10_000 };
    const wide = await run("SELECT repeat('x', 1000) FROM generate_series(1, 50)", { limits: small });
    const huge = await run("SELECT repeat('x', 16 * 1024 * 1024)", { limits: small });
    expect(wide).toMatchObject({ truncated: true, rowCount: 9 });
    expect(huge).toMatchObject({ truncated: true, rows: [], notices: ['a value too large to show ended the result'] });
  });

  it('rejects several statements in one call', async () => {
    const failure = run('SELECT 1; SELECT 2');
    await expect(failure).rejects.toBeInstanceOf(StatementRejected);
    await expect(failure).rejects.toThrow(/one statement per call/);
  });

  it('reports an engine error with its SQLSTATE and the character position in the statement', async () => {
    const failure = run('SELECT * FROM missing_table');
    await expect(failure).rejects.toBeInstanceOf(EngineStatementError);
    await expect(failure).rejects.toMatchObject({
      code: '42P01',
      position: 15,
      message: 'relation "missing_table" does not exist',
    });
  });

  it('points into the student statement, not the EXPLAIN the driver put before it', async () => {
    await expect(run('SELECT * FROM missing_table', { explain: 'plan' })).rejects.toMatchObject({
      code: '42P01',
      position: 15,
    });
  });

  it('reports an engine it cannot reach as EngineUnreachable, and a wrong password as the engine says it', async () => {
    const wrongPassword = postgres.url.replace(/:[^:@/]+@/, ':wrong@');
    await expect(
      runConsoleQuery('postgresql', 'postgresql://lab:x@127.0.0.1:1/lab', { statement: 'SELECT 1', limits }),
    ).rejects.toBeInstanceOf(EngineUnreachable);
    await expect(runConsoleQuery('postgresql', wrongPassword, { statement: 'SELECT 1', limits })).rejects.toMatchObject(
      { code: '28P01' },
    );
  });

  it('refuses a COPY that streams through the client, and keeps working', async () => {
    await expect(run('COPY books FROM STDIN')).rejects.toThrow(StatementRejected);
    await expect(run('/* load */ copy (SELECT 1) TO stdout')).rejects.toThrow(/use psql/);
    expect((await run('SELECT count(*) AS n FROM books')).rows).toEqual([['3']]);
  });
});
