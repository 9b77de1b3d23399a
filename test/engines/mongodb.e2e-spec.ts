import { EngineStatementError, QueryTimedOut, StatementRejected } from '@lab/engines';
import { randomBytes } from 'node:crypto';
import { availability, skipTitle } from '../support/availability';
import { startTestMongo } from '../support/test-mongo';
import { consoleOn } from './support/engine-console';

const source = availability().mongo;
const withMongo = source.kind === 'skip' ? describe.skip : describe;

/** The console on a real MongoDB: command documents and the shell forms, limits and errors. */
withMongo(`engines: MongoDB console${skipTitle(source)}`, () => {
  // A collection of this run only: MONGO_URL may name a server other runs use too.
  const books = `books_${randomBytes(4).toString('hex')}`;
  const { run } = consoleOn('mongodb', (lab) => startTestMongo(lab, source, 'engines-mongo'), {
    cleanup: (mongo) => mongo.run(`{"drop": "${books}"}`).catch(() => undefined),
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
    // A busy loop of server-side JavaScript per document: 1,200 documents take far past 5 s.
    const slow = run(
      `db.${books}.find({"$where": "function () { var t = Date.now(); while (Date.now() - t < 50) {} return true; }"})`,
    );
    await expect(slow).rejects.toBeInstanceOf(QueryTimedOut);
  });

  it('refuses unparsable statements and reports server errors with their code name', async () => {
    await expect(run(`db.${books}.find({year: 1965})`)).rejects.toThrow(StatementRejected);
    await expect(run('{"noSuchCommand": 1}')).rejects.toBeInstanceOf(EngineStatementError);
    await expect(run('{"noSuchCommand": 1}')).rejects.toMatchObject({ code: 'CommandNotFound' });
  });
});
