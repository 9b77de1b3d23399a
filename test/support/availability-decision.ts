import { ImageNotAvailableError } from '@lab/runtime';

/**
 * Where the MongoDB tests get a server, or the one named reason they are skipped. Pure, so the rule
 * "only a named cause skips, every other error fails" has a unit test of its own
 * (availability-decision.spec.ts).
 */
export type MongoSource = { kind: 'url'; url: string } | { kind: 'image' } | { kind: 'skip'; reason: string };

/**
 * `MONGO_URL` wins; else the kit's `mongo` image (a sandbox is provisioned); a skip only when the
 * image is not available (`ImageNotAvailableError`). Anything else (an engine error, a broken kit)
 * is thrown: a green run must not hide it.
 */
export function decideMongoSource(mongoUrl: string | undefined, imageLookup: { error?: unknown }): MongoSource {
  if (mongoUrl) return { kind: 'url', url: mongoUrl };
  if (imageLookup.error === undefined) return { kind: 'image' };
  if (imageLookup.error instanceof ImageNotAvailableError && imageLookup.error.imageKey === 'mongo') {
    return { kind: 'skip', reason: 'no MongoDB: MONGO_URL is unset and the mongo image is not on this engine' };
  }
  throw imageLookup.error;
}
