import type { LabAction, LabCheck } from '../lab-steps.schema';
import { checkHttp, sendLabRequest } from './http-lab';
import { LabCheckResult, LabTarget } from './lab-target';
import { DEFAULT_LAB_CHECK_LIMITS, LabCheckLimits, LabCheckTimeout, LabResultTooLarge } from './limits';
import { checkRedis, runLabRedis } from './redis-lab';
import { checkSql, runLabSql } from './sql-lab';

/**
 * Evaluates a step's check against a sandbox; an error (unreachable, bad query) is a failed check,
 * and so is an answer past the limits (too slow, too large): the student's data never costs the
 * caller more than `limits`.
 */
export async function runLabCheck(
  check: LabCheck,
  target: LabTarget,
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<LabCheckResult> {
  try {
    if ('http' in check) return await checkHttp(target, check.http, limits);
    if ('sql' in check) return await checkSql(target, check.sql, limits);
    return await checkRedis(target, check.redis, limits);
  } catch (error) {
    if (error instanceof LabResultTooLarge || error instanceof LabCheckTimeout)
      return { passed: false, detail: `the check failed: ${error.message}` };
    return {
      passed: false,
      detail: `the check could not run: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Carries out one action of a step's solution; throws when it fails (a broken solution is a bug). */
export async function applyLabAction(
  action: LabAction,
  target: LabTarget,
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<void> {
  if ('http' in action) {
    const { status, body } = await sendLabRequest(target, action.http, limits);
    if (status >= 400) {
      throw new Error(
        `${action.http.method} ${action.http.path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`,
      );
    }
    return;
  }
  if ('sql' in action) {
    await runLabSql(target, action.sql.service, action.sql.sql, limits);
    return;
  }
  await runLabRedis(target, action.redis.service, action.redis.command, limits);
}
