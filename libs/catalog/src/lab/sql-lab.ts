import { Client } from 'pg';
import { isDeepStrictEqual } from 'node:util';
import { connectionFor, LabCheckResult, LabTarget } from './lab-target';

const TIMEOUT_MS = 10_000;

/** Runs one statement with the student's credentials; the rows as plain JSON values. */
export async function runLabSql(target: LabTarget, service: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({
    connectionString: connectionFor(target, service),
    connectionTimeoutMillis: TIMEOUT_MS,
    statement_timeout: TIMEOUT_MS,
  });
  await client.connect();
  try {
    const result = await client.query(sql);
    // JSON round trip: dates, bigints-as-strings and numerics compare as the manifest writes them.
    return JSON.parse(JSON.stringify(result.rows ?? [])) as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export async function checkSql(
  target: LabTarget,
  check: { service: string; sql: string; expect: { rows: Record<string, unknown>[] } },
): Promise<LabCheckResult> {
  const rows = await runLabSql(target, check.service, check.sql);
  if (isDeepStrictEqual(rows, check.expect.rows))
    return { passed: true, detail: `the query returned the expected ${rows.length} row(s)` };
  return { passed: false, detail: `the query returned ${JSON.stringify(rows).slice(0, 300)}` };
}
