import { Redis } from 'ioredis';
import { isDeepStrictEqual } from 'node:util';
import { connectionFor, LabCheckResult, LabTarget } from './lab-target';
import {
  capSocket,
  DEFAULT_LAB_CHECK_LIMITS,
  describeBytes,
  LabCheckLimits,
  LabCheckTimeout,
  LabResultTooLarge,
} from './limits';

/**
 * One command with the student's credentials. ioredis holds a whole reply before it resolves, so
 * the byte cap sits on the socket: a `GET` of a 500 MB value is cut off after `maxBytes`.
 */
export async function runLabRedis(
  target: LabTarget,
  service: string,
  command: string[],
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<unknown> {
  const redis = new Redis(connectionFor(target, service), {
    connectTimeout: limits.timeoutMs,
    commandTimeout: limits.timeoutMs,
    maxRetriesPerRequest: 0,
    // One connection, one command: never reconnect (and resend) after the cap closed the socket.
    retryStrategy: () => null,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  let cap: ReturnType<typeof capSocket> | undefined;
  try {
    await redis.connect();
    cap = capSocket(redis.stream, limits.maxBytes);
    const [name, ...args] = command;
    return await redis.call(name!, ...args);
  } catch (error) {
    if (cap?.exceeded()) throw new LabResultTooLarge(`a reply of more than ${describeBytes(limits.maxBytes)}`);
    if (error instanceof Error && /timed? ?out/i.test(error.message)) throw new LabCheckTimeout(limits.timeoutMs);
    throw error;
  } finally {
    redis.disconnect();
  }
}

export async function checkRedis(
  target: LabTarget,
  check: { service: string; command: string[]; expect: { reply: unknown } },
  limits: LabCheckLimits = DEFAULT_LAB_CHECK_LIMITS,
): Promise<LabCheckResult> {
  const reply = await runLabRedis(target, check.service, check.command, limits);
  const shown = `${check.command[0]} replied ${JSON.stringify(reply).slice(0, 200)}`;
  return { passed: isDeepStrictEqual(reply, check.expect.reply), detail: shown };
}
