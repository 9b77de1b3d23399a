import { isDeepStrictEqual } from 'node:util';
import { runCappedLabQuery } from './capped-query';
import { LabCheckResult, LabTarget } from './lab-target';
import { DEFAULT_LAB_CHECK_LIMITS, LabCheckLimits } from './limits';

/** JSON round trip: dates, bigints-as-strings and numerics compare as the manifest writes them. */
function plain(rows: unknown): Record<string, unknown>[] {
  return Array.isArray(rows) ? (JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[]) : [];
}

/**
 * A solution's statement (any SQL: DDL, DML), with the student's credentials and the limits, on
 * the service's SQL engine (PostgreSQL, MariaDB: @lab/engines' capped queries).
 */
export async function runLabSql(
  target: LabTarget,
  service: string,
  sql: string,
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<Record<string, unknown>[]> {
  return plain(await runCappedLabQuery(target, service, 'sql', 'write', sql, limits));
}

/**
 * A check's query in a read-only transaction: rows are counted as they arrive and the transfer
 * stops past `maxRows` or `maxBytes` (a failed check, never more memory), see the engine's
 * capped read. A check cannot change the data it reads.
 */
export async function readLabSql(
  target: LabTarget,
  service: string,
  sql: string,
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<Record<string, unknown>[]> {
  return plain(await runCappedLabQuery(target, service, 'sql', 'read', sql, limits));
}

export async function checkSql(
  target: LabTarget,
  check: { service: string; sql: string; expect: { rows: Record<string, unknown>[] } },
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<LabCheckResult> {
  const rows = await readLabSql(target, check.service, check.sql, limits);
  if (isDeepStrictEqual(rows, check.expect.rows))
    return { passed: true, detail: `the query returned the expected ${rows.length} row(s)` };
  return { passed: false, detail: `the query returned ${JSON.stringify(rows).slice(0, 300)}` };
}
