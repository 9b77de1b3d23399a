import {
  EngineStatementError,
  QueryTimedOut,
  runConsoleQuery,
  StatementRejected,
  type ConsoleQuery,
  type QueryLimits,
} from '@lab/engines';
import { randomBytes } from 'node:crypto';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { startTestMongo, type TestMongo } from '../support/test-mongo';

const limits: QueryLimits = { timeoutMs: 5_000, maxRows: 1_000, maxBytes: 1024 * 1024 };
const source = availability().mongo;
const withMongo = source.kind === 'skip' ? describe.skip : describe;

/** The console on a real MongoDB: command documents and the shell forms, limits and errors. */
withMongo(`engines: MongoDB console${skipTitle(source)}`, () => {
  const lab = createTestLab();
  // A collection of this run only: MONGO_URL may name a server other runs use too.
  const books = `books_${randomBytes(4).toString('hex')}`;
  let mongo: TestMongo;
  const run = (statement: string, extra: Partial<ConsoleQuery> = {}) =>
    runConsoleQuery('mongodb', mongo.url, { statement, limits, ...extra });

  beforeAll(async () => {
    mongo = await startTestMongo(lab, source, 'engines-mongo');
  });
  afterAll(async () => {
    await run(`{"drop": "${books}"}`).catch(() => undefined);
    await mongo?.close();
    await lab.reap();
  });

  it('inserts, updates and finds with the shell forms and command documents', async () => {
    const inserted = await run(
      `db.${books}.insertMany([{"_id": 1, "title": "Dune", "year": 1965}, {"_id": 2, "title": "Emma"}])`,
    );
    const updated = await run(`db.${books}.updateOne({"_id": 2}, {"$set": {"year": 1815}})`);
    const found = await run(`db.${books}.find({}, {"title": 1, "year": 1})`);
    const counted = await run(`{"count": "${books}", "query": {"year": {"$gt": 1900}}}`);
    expect(inserted).toMatchObject({ rowCount: 2 });
    expect(updated).toMatchObject({ rowCount: 1 });
    expect(found).toMatchObject({
      columns: ['_id', 'title', 'year'],
      rows: [
        [1, 'Dune', 1965],
        [2, 'Emma', 1815],
      ],
      rowCount: 2,
      truncated: false,
    });
    expect(counted).toMatchObject({ columns: ['n'], rows: [[1]] });
  });

  it('explains with executionStats when analyzed', async () => {
    const analyzed = await run(`db.${books}.find({"year": 1965})`, { explain: 'analyze' });
    const plan = await run(`db.${books}.find({"year": 1965})`, { explain: 'plan' });
    expect(analyzed.plan).toMatchObject({ queryPlanner: expect.any(Object), executionStats: { nReturned: 1 } });
    expect(plan.plan).toMatchObject({ queryPlanner: expect.any(Object) });
    expect(plan.plan).not.toHaveProperty('executionStats');
  });

  it('caps a cursor at maxRows', async () => {
    await run(`db.${books}.insertMany(${JSON.stringify(Array.from({ length: 1_200 }, (_, i) => ({ _id: 100 + i })))})`);
    expect(await run(`db.${books}.find({})`)).toMatchObject({ rowCount: 1_000, truncated: true });
    expect(await run(`db.${books}.aggregate([{"$match": {}}])`)).toMatchObject({ rowCount: 1_000, truncated: true });
  });

  it('stops a slow command at its timeout on the server (maxTimeMS)', async () => {
    const slow = run(`db.${books}.find({"$where": "sleep(100) || true"})`);
    await expect(slow).rejects.toBeInstanceOf(QueryTimedOut);
  });

  it('refuses unparsable statements and reports server errors with their code name', async () => {
    await expect(run(`db.${books}.find({year: 1965})`)).rejects.toThrow(StatementRejected);
    await expect(run('{"noSuchCommand": 1}')).rejects.toBeInstanceOf(EngineStatementError);
    await expect(run('{"noSuchCommand": 1}')).rejects.toMatchObject({ code: 'CommandNotFound' });
  });
});
