import { Redis } from 'ioredis';
import { isDeepStrictEqual } from 'node:util';
import { connectionFor, LabCheckResult, LabTarget } from './lab-target';

const TIMEOUT_MS = 10_000;

export async function runLabRedis(target: LabTarget, service: string, command: string[]): Promise<unknown> {
  const redis = new Redis(connectionFor(target, service), {
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  try {
    await redis.connect();
    const [name, ...args] = command;
    return await redis.call(name!, ...args);
  } finally {
    redis.disconnect();
  }
}

export async function checkRedis(
  target: LabTarget,
  check: { service: string; command: string[]; expect: { reply: unknown } },
): Promise<LabCheckResult> {
  const reply = await runLabRedis(target, check.service, check.command);
  const shown = `${check.command[0]} replied ${JSON.stringify(reply).slice(0, 200)}`;
  return { passed: isDeepStrictEqual(reply, check.expect.reply), detail: shown };
}
