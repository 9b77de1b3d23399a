import { BSON, type Document } from 'mongodb';
import { StatementRejected } from '../errors';

/** What the console understands as a MongoDB statement, turned into one database command. */
export interface MongoCommand {
  command: Document;
  /** `insert`/`update`/`delete`: the reply's `n` counts the documents changed. */
  writes: boolean;
}

const SHORTHAND = /^db\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\.([A-Za-z]+)\(([\s\S]*)\)\s*;?\s*$/;

/** The shell forms the console accepts, as commands; arguments are Extended JSON. */
const METHODS: Record<string, (collection: string, args: unknown[]) => MongoCommand> = {
  find: (c, [filter = {}, projection]) => ({
    command: { find: c, filter, ...(projection === undefined ? {} : { projection }) },
    writes: false,
  }),
  aggregate: (c, [pipeline = []]) => ({ command: { aggregate: c, pipeline, cursor: {} }, writes: false }),
  countDocuments: (c, [query = {}]) => ({ command: { count: c, query }, writes: false }),
  insertOne: (c, [document]) => ({ command: { insert: c, documents: [document] }, writes: true }),
  insertMany: (c, [documents]) => ({ command: { insert: c, documents }, writes: true }),
  updateOne: (c, [q, u]) => ({ command: { update: c, updates: [{ q, u, multi: false }] }, writes: true }),
  updateMany: (c, [q, u]) => ({ command: { update: c, updates: [{ q, u, multi: true }] }, writes: true }),
  deleteOne: (c, [q]) => ({ command: { delete: c, deletes: [{ q, limit: 1 }] }, writes: true }),
  deleteMany: (c, [q]) => ({ command: { delete: c, deletes: [{ q, limit: 0 }] }, writes: true }),
};

/**
 * A console statement for MongoDB, parsed without evaluating anything:
 *
 * - a command document in Extended JSON, run as it is: `{"find": "books", "filter": {"year": 1965}}`;
 * - or a shell form `db.<collection>.<method>(<arguments>)` for find, aggregate, countDocuments,
 *   insertOne, insertMany, updateOne, updateMany, deleteOne and deleteMany, whose arguments are
 *   Extended JSON (keys in double quotes, `{"$oid": "…"}` for an ObjectId), e.g.
 *   `db.books.find({"year": {"$gt": 1960}}, {"title": 1})`.
 */
export function parseMongoStatement(statement: string): MongoCommand {
  const text = statement.trim();
  if (!text) throw new StatementRejected('the command is empty');
  if (text.startsWith('{')) {
    const command = parseEjson(text, 'the command document');
    if (command === null || typeof command !== 'object' || Array.isArray(command) || Object.keys(command).length === 0)
      throw new StatementRejected('a command document is an object whose first key names the command');
    const name = Object.keys(command)[0]!;
    return { command: command as Document, writes: ['insert', 'update', 'delete'].includes(name) };
  }
  const match = SHORTHAND.exec(text);
  if (!match) {
    throw new StatementRejected(
      'send a command document ({"find": "books", "filter": {…}}) or db.<collection>.<method>(…) with ' +
        Object.keys(METHODS).join(', '),
    );
  }
  const [, collection, method, argumentText] = match;
  const build = Object.hasOwn(METHODS, method!) ? METHODS[method!] : undefined;
  if (!build)
    throw new StatementRejected(`db.${collection}.${method}() is not one of ${Object.keys(METHODS).join(', ')}`);
  const args = parseEjson(`[${argumentText}]`, `the arguments of ${method}()`) as unknown[];
  return build(collection!, args);
}

function parseEjson(text: string, what: string): unknown {
  try {
    return BSON.EJSON.parse(text, { relaxed: true });
  } catch (error) {
    throw new StatementRejected(
      `${what} is not valid Extended JSON (keys in double quotes, {"$oid": "…"} for ids): ${(error as Error).message}`,
    );
  }
}
