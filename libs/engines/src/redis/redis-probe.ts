import { Redis } from 'ioredis';
import type { ProbeCredentials } from '../driver';

/**
 * Ready means: authenticates (when a password is set: as `user` when given, an ACL user, else as
 * the `default` user) and answers PING with PONG.
 */
export async function probeRedis(
  host: string,
  port: number,
  credentials: ProbeCredentials,
  timeoutMs: number,
): Promise<void> {
  const client = new Redis({
    host,
    port,
    username: credentials.user,
    password: credentials.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null, // the waiter retries; ioredis must not retry behind its back
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== 'PONG') throw new Error(`redis: PING answered ${reply}`);
  } finally {
    client.disconnect();
  }
}
