import { EngineStatementError, QueryTimedOut, StatementRejected } from '@lab/engines';
import { MiB, peakRssGrowth } from '../support/peak-rss';
import { consoleOn, consoleLimits as limits } from './support/engine-console';
import { startMariadb } from './support/engine-sandboxes';

/** The console on a real MariaDB of the image kit, as an ordinary user: results, limits and errors. */
describe('engines: MariaDB console', () => {
  const { run } = consoleOn('mariadb', startMariadb);

  it('runs DDL, DML and a select with JSON-safe values', async () => {
    const created = await run(
      'CREATE TABLE books (id BIGINT PRIMARY KEY, title VARCHAR(100), price DECIMAL(6,2), added DATE);',
    );
    const inserted = await run(
      "INSERT INTO books VALUES (1, 'Dune', 9.50, '2024-01-02'), (2, 'Emma', 7.25, '2024-03-04'), (3, NULL, NULL, NULL)",
    );
    const updated = await run("UPDATE books SET title = 'Untitled' WHERE title IS NULL");
    const selected = await run('SELECT id, title, price, added, id * 2 AS twice FROM books ORDER BY id');

    expect(created).toMatchObject({ columns: [], rows: [], rowCount: 0, truncated: false });
    expect(inserted).toMatchObject({ columns: [], rowCount: 3 });
    expect(updated).toMatchObject({ rowCount: 1 });
    expect(selected).toMatchObject({
      columns: ['id', 'title', 'price', 'added', 'twice'],
      rows: [
        ['1', 'Dune', '9.50', '2024-01-02', '2'],
        ['2', 'Emma', '7.25', '2024-03-04', '4'],
        ['3', 'Untitled', null, null, '6'],
      ],
      rowCount: 3,
      truncated: false,
    });
  });

  it('returns warnings as notices', async () => {
    const result = await run("SELECT CAST('12abc' AS INTEGER) AS n");
    expect(result.rows).toEqual([[12]]);
    expect(result.notices).toEqual([expect.stringMatching(/^Warning 1292: Truncated incorrect INTEGER value/)]);
  });

  it('explains as structured JSON (EXPLAIN FORMAT=JSON, ANALYZE FORMAT=JSON)', async () => {
    const plan = await run('SELECT * FROM books WHERE id = 1', { explain: 'plan' });
    const analyzed = await run('SELECT * FROM books WHERE title = "Dune"', { explain: 'analyze' });
    expect(plan).toMatchObject({ columns: [], rows: [], plan: { query_block: { select_id: 1 } } });
    expect(analyzed.plan).toMatchObject({
      query_block: { select_id: 1, r_loops: 1, nested_loop: [{ table: { table_name: 'books', r_rows: 3 } }] },
    });
  });

  it('cancels a statement past its timeout on the server (max_statement_time)', async () => {
    await expect(run('SELECT SLEEP(10)')).rejects.toBeInstanceOf(QueryTimedOut);
  });

  it('returns the first 1,000 rows of ten million, truncated, and the caller grows by less than 50 MiB', async () => {
    await run('SELECT 1');
    const { result, growth } = await peakRssGrowth(() =>
      run('SELECT a.seq * 10000 + b.seq AS n FROM seq_0_to_999 a, seq_1_to_10000 b'),
    );
    console.log(`ten million MariaDB rows: peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
    expect(result).toMatchObject({ columns: ['n'], rowCount: 1_000, truncated: true });
    expect(result.rows).toHaveLength(1_000);
    expect(growth).toBeLessThan(50 * MiB);
  });

  it('stops at maxBytes, and at a single value larger than the wire allows', async () => {
    const small = { ...limits, maxBytes: 10_000 };
    const wide = await run("SELECT REPEAT('x', 1000) FROM seq_1_to_50", { limits: small });
    const huge = await run("SELECT REPEAT('x', 8 * 1024 * 1024)", { limits: small });
    expect(wide).toMatchObject({ truncated: true, rowCount: 9 });
    expect(huge).toMatchObject({ truncated: true, rows: [], notices: ['a value too large to show ended the result'] });
  });

  it('rejects several statements in one call, and an empty one', async () => {
    await expect(run('SELECT 1; SELECT 2')).rejects.toThrow(StatementRejected);
    await expect(run('SELECT 1; DROP TABLE books')).rejects.toThrow(/one statement per call/);
    await expect(run(' -- nothing\n')).rejects.toThrow(StatementRejected);
    expect((await run('SELECT COUNT(*) FROM books')).rows).toEqual([['3']]);
  });

  it('reports engine errors with their code, and the position of a syntax error', async () => {
    const missing = run('SELECT * FROM missing_table');
    await expect(missing).rejects.toBeInstanceOf(EngineStatementError);
    await expect(missing).rejects.toMatchObject({
      code: 'ER_NO_SUCH_TABLE',
      message: expect.stringMatching(/missing_table/),
    });
    await expect(run('SELECT * FORM books')).rejects.toMatchObject({ code: 'ER_PARSE_ERROR', position: 10 });
    await expect(run('SELECT * FORM books', { explain: 'plan' })).rejects.toMatchObject({ position: 10 });
  });

  it('refuses what the user may not do, as the engine says it', async () => {
    await expect(run('SELECT * FROM mysql.user')).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR' });
    // The client offers no local files: the server cannot ask this process for /etc/passwd.
    await expect(run("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE books")).rejects.toBeInstanceOf(
      EngineStatementError,
    );
    expect((await run('SELECT COUNT(*) FROM books')).rows).toEqual([['3']]);
  });
});
