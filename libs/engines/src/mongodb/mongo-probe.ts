import type { ProbeCredentials } from '../driver';
import { MongoClient } from 'mongodb';

/** Ready means: answers `ping` (after authenticating, when credentials are given). */
export async function probeMongodb(
  host: string,
  port: number,
  credentials: ProbeCredentials,
  timeoutMs: number,
): Promise<void> {
  const client = new MongoClient(`mongodb://${host}:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    ...(credentials.user
      ? { auth: { username: credentials.user, password: credentials.password }, authSource: 'admin' }
      : {}),
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => undefined);
  }
}
