import Redis from 'ioredis';

/** Ready means: authenticates (when a password is set) and answers PING with PONG. */
export async function probeRedis(
  host: string,
  port: number,
  password: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const client = new Redis({
    host,
    port,
    password,
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
