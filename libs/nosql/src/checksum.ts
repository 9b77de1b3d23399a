import { createHash } from 'node:crypto';
import { BSON, Db } from 'mongodb';

export interface CollectionChecksum {
  documents: number;
  /** md5 of the documents' canonical Extended JSON, in `_id` order. */
  md5: string;
}

/**
 * Canonical EJSON keeps BSON types apart (an Int32 10 and a Double 10.0 print differently), so a
 * reset that changed a type, not just a value, is caught. Field order counts too, as it does in BSON.
 */
export function checksumDocuments(documents: readonly object[]): CollectionChecksum {
  const hash = createHash('md5');
  documents.forEach((doc, i) => hash.update((i > 0 ? '\n' : '') + BSON.EJSON.stringify(doc, { relaxed: false })));
  return { documents: documents.length, md5: hash.digest('hex') };
}

/** Per collection (sorted by name) of the database: equal checksums mean equal content. */
export async function checksumMongo(db: Db): Promise<Record<string, CollectionChecksum>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const checksum: Record<string, CollectionChecksum> = {};
  for (const name of names) {
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    checksum[name] = checksumDocuments(documents);
  }
  return checksum;
}
