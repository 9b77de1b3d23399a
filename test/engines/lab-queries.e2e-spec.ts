import { applyLabAction, DEFAULT_LAB_CHECK_LIMITS, runLabCheck, type LabCheck, type LabTarget } from '@lab/catalog';
import { createTestLab } from '../support/lab-runtime';
import { startMariadb } from './support/engine-sandboxes';

/**
 * Lab steps go through the engines' capped queries, chosen by the service's connection URL: a
 * `sql:` step runs on MariaDB as it does on PostgreSQL (test/catalog/lab-check-limits covers
 * PostgreSQL and Redis), bounded and read-only for checks.
 */
describe('engines: lab checks and solutions on MariaDB', () => {
  const lab = createTestLab();
  let target: LabTarget;
  const sqlCheck = (sql: string, rows: Record<string, unknown>[] = []): LabCheck => ({
    sql: { service: 'maria', sql, expect: { rows } },
  });

  beforeAll(async () => {
    target = { connections: { maria: await startMariadb(lab, 'lab-maria') } };
  });
  afterAll(() => lab.reap());

  it('fails the check before the solution and passes it after', async () => {
    const check = sqlCheck('SELECT id, title FROM books ORDER BY id', [
      { id: 1, title: 'Dune' },
      { id: 2, title: 'Emma' },
    ]);
    const before = await runLabCheck(check, target);
    await applyLabAction(
      { sql: { service: 'maria', sql: 'CREATE TABLE books (id INT PRIMARY KEY, title TEXT)' } },
      target,
    );
    await applyLabAction(
      { sql: { service: 'maria', sql: "INSERT INTO books VALUES (1, 'Dune'), (2, 'Emma')" } },
      target,
    );
    const after = await runLabCheck(check, target);
    expect(before).toEqual({ passed: false, detail: expect.stringContaining("Table 'shop.books' doesn't exist") });
    expect(after).toEqual({ passed: true, detail: 'the query returned the expected 2 row(s)' });
  });

  it('runs a check read-only: it cannot change the data it reads', async () => {
    const result = await runLabCheck(sqlCheck("UPDATE books SET title = 'X'"), target);
    expect(result).toEqual({ passed: false, detail: expect.stringContaining('READ ONLY transaction') });
  });

  it('fails a check past maxRows without reading the rest, and one past its timeout', async () => {
    const tooMany = await runLabCheck(sqlCheck('SELECT seq FROM seq_1_to_10000000'), target);
    const slow = await runLabCheck(sqlCheck('SELECT SLEEP(30)'), target, {
      ...DEFAULT_LAB_CHECK_LIMITS,
      timeoutMs: 1_000,
    });
    expect(tooMany).toEqual({ passed: false, detail: 'the check failed: result too large: more than 1000 rows' });
    expect(slow).toEqual({ passed: false, detail: 'the check failed: timed out: the check took longer than 1 s' });
  });

  it('fails a check whose rows pass maxBytes', async () => {
    const result = await runLabCheck(sqlCheck("SELECT REPEAT('x', 1000000) AS big FROM seq_1_to_100"), target);
    expect(result).toEqual({ passed: false, detail: 'the check failed: result too large: more than 1 MiB' });
  });
});
