import type { QueryLimits } from '../console';
import type { CappedQueries, LabStatement } from '../driver';
import { QueryTimedOut, ResultTooLarge } from '../errors';
import { capSocket, describeBytes } from '../limits';
import { openRedis } from './redis-client';

/**
 * One command with the student's credentials. ioredis holds a whole reply before it resolves, so
 * the byte cap sits on the socket: a `GET` of a 500 MB value is cut off after `maxBytes`.
 */
async function runCapped(url: string, statement: LabStatement, limits: QueryLimits): Promise<unknown> {
  const [name, ...args] = typeof statement === 'string' ? [statement] : statement;
  let cap: ReturnType<typeof capSocket> | undefined;
  const redis = await openRedis(url, limits.timeoutMs, limits.timeoutMs).catch((error: unknown) => {
    if (error instanceof Error && /timed? ?out/i.test(error.message)) throw new QueryTimedOut(limits.timeoutMs);
    throw error;
  });
  try {
    cap = capSocket(redis.stream, limits.maxBytes);
    return await redis.call(name!, ...args);
  } catch (error) {
    if (cap?.exceeded()) throw new ResultTooLarge(`a reply of more than ${describeBytes(limits.maxBytes)}`);
    if (error instanceof Error && /timed? ?out/i.test(error.message)) throw new QueryTimedOut(limits.timeoutMs);
    throw error;
  } finally {
    redis.disconnect();
  }
}

export const redisCapped: CappedQueries = { read: runCapped, write: runCapped };
