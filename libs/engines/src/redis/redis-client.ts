import { Redis, ReplyError } from 'ioredis';
import { EngineStatementError, QueryTimedOut } from '../errors';
import { CONNECT_TIMEOUT_MS } from '../limits';

/** A one-command connection: no retries, no reconnects (that would resend after a cap cut the socket). */
export async function openRedis(
  url: string,
  timeoutMs: number,
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
  protocol?: 2 | 3,
): Promise<Redis> {
  const redis = new Redis(url, {
    ...(protocol ? { protocol } : {}),
    connectTimeout: connectTimeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/** A Redis error reply (`WRONGTYPE …`, `NOPERM …`) with its first word as the code; timeouts as QueryTimedOut. */
export function toRedisError(error: unknown, timeoutMs: number): Error {
  // ioredis types ReplyError as `any`: its instances are Errors whose message starts with the code.
  if (error instanceof (ReplyError as new () => Error) && error instanceof Error) {
    const code = /^([A-Z][A-Z_]+) /.exec(error.message)?.[1];
    return new EngineStatementError(error.message, { ...(code ? { code } : {}), cause: error });
  }
  if (error instanceof Error && /timed? ?out/i.test(error.message))
    return new QueryTimedOut(timeoutMs, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
