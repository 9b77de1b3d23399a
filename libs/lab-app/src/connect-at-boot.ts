/** What connectAtBoot needs of a lazily connecting client (ioredis's `Redis` with `lazyConnect`). */
export interface LazyClient {
  connect(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Opens a lazily connecting client at boot. ioredis rejects a refused first connection with a bare
 * "Connection is closed." and keeps reconnecting in the background; here the boot fails with the
 * network error itself (ECONNREFUSED, …), which `bootstrapLabApp` recognises as "the store is not
 * up yet" and retries with a fresh module, and the abandoned client stops its own retries. A wrong
 * password still fails the boot at once with the server's answer.
 */
export async function connectAtBoot(client: LazyClient): Promise<void> {
  let firstError: Error | undefined;
  const remember = (error: Error) => {
    firstError ??= error;
  };
  client.on('error', remember);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw firstError ?? error;
  } finally {
    client.off('error', remember);
  }
}
