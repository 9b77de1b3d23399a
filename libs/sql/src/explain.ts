import type { DataSource } from 'typeorm';
import type { QueryPlan } from './plan';

export interface ExplainOptions {
  /** Run the statement and report real row counts and times. Its writes are rolled back. */
  analyze?: boolean;
}

/**
 * EXPLAIN (FORMAT JSON) of one statement, with its parameters, so the plan is the one the real
 * query gets. With `analyze` the statement really runs, so it runs in a transaction that is always
 * rolled back: explaining an UPDATE must not change the data.
 */
export async function explain(
  db: DataSource,
  sql: string,
  params: unknown[] = [],
  options: ExplainOptions = {},
): Promise<QueryPlan> {
  const statement = `EXPLAIN (FORMAT JSON${options.analyze ? ', ANALYZE, BUFFERS' : ''}) ${sql}`;
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const rows: { 'QUERY PLAN': QueryPlan[] }[] = await runner.query(statement, params);
    return rows[0]!['QUERY PLAN'][0]!;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
