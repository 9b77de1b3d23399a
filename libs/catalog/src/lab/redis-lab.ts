import { isDeepStrictEqual } from 'node:util';
import { runCappedLabQuery } from './capped-query';
import { LabCheckResult, LabTarget } from './lab-target';
import { DEFAULT_LAB_CHECK_LIMITS, LabCheckLimits } from './limits';

/**
 * One command with the student's credentials (@lab/engines' capped Redis query: the byte cap sits
 * on the socket, so a `GET` of a 500 MB value is cut off after `maxBytes`).
 */
export async function runLabRedis(
  target: LabTarget,
  service: string,
  command: string[],
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
  mode: 'read' | 'write' = 'write',
): Promise<unknown> {
  return runCappedLabQuery(target, service, 'redis', mode, command, limits);
}

export async function checkRedis(
  target: LabTarget,
  check: { service: string; command: string[]; expect: { reply: unknown } },
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<LabCheckResult> {
  const reply = await runLabRedis(target, check.service, check.command, limits, 'read');
  const shown = `${check.command[0]} replied ${JSON.stringify(reply).slice(0, 200)}`;
  return { passed: isDeepStrictEqual(reply, check.expect.reply), detail: shown };
}
