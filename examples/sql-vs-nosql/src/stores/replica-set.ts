import { Db, MongoClient, MongoServerError } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * MongoDB transactions need a replica set. The sandbox runs a single `mongod --replSet rs0`, which
 * starts *uninitiated*: it answers, but has no primary until someone runs replSetInitiate once.
 * The app does it at boot, so a student never has to. A driver told `replicaSet=rs0` cannot even
 * connect to an uninitiated member, so this talks to the server directly first.
 */

/** The same server with `directConnection=true` and no `replicaSet`; undefined for SRV or several hosts. */
export function directConnectionUrl(url: string): string | undefined {
  if (!url.startsWith('mongodb://')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // several hosts (`a:1,b:2`): an existing cluster, not ours to initiate
  }
  parsed.searchParams.delete('replicaSet');
  parsed.searchParams.set('directConnection', 'true');
  return parsed.toString();
}

/** `host:port` of the URL's server: the name every member of the sandbox network resolves. */
export function memberHost(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '27017'}`;
}

/** The set name the URL asks for (`?replicaSet=`), `rs0` otherwise, as the manifest starts mongod. */
export function replicaSetName(url: string): string {
  return new URL(url).searchParams.get('replicaSet') ?? 'rs0';
}

const ALREADY_INITIALIZED = 23;

/** Initiates the set if the server runs with --replSet and nobody has yet; waits for a primary. */
export async function ensureReplicaSet(url: string, timeoutMs = 60_000): Promise<'initiated' | 'ready' | 'skipped'> {
  const direct = directConnectionUrl(url);
  if (!direct) return 'skipped';
  const client = new MongoClient(direct, { serverSelectionTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const admin = client.db('admin');
    const hello = await admin.command({ hello: 1 });
    if (hello.setName) {
      await waitForPrimary(admin, timeoutMs);
      return 'ready';
    }
    // A standalone server (no --replSet): nothing to initiate; placing orders will be refused.
    if (!hello.isreplicaset) return 'skipped';
    try {
      await admin.command({
        replSetInitiate: { _id: replicaSetName(url), members: [{ _id: 0, host: memberHost(url) }] },
      });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === ALREADY_INITIALIZED)) throw error;
    }
    await waitForPrimary(admin, timeoutMs);
    return 'initiated';
  } finally {
    await client.close();
  }
}

/** A fresh one-member set elects itself within seconds; until then writes are refused. */
async function waitForPrimary(admin: Db, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hello = await admin.command({ hello: 1 });
    if (hello.isWritablePrimary) return;
    if (Date.now() > deadline) throw new Error(`MongoDB has no primary after ${timeoutMs} ms`);
    await sleep(200);
  }
}
