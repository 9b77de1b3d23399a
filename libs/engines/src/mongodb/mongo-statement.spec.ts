import { ObjectId } from 'mongodb';
import { StatementRejected } from '../errors';
import { parseMongoStatement } from './mongo-statement';

describe('parseMongoStatement', () => {
  it('takes a command document in Extended JSON as it is, keeping the order of its keys', () => {
    const parsed = parseMongoStatement('{"find": "books", "filter": {"_id": {"$oid": "65a1b2c3d4e5f60718293a4b"}}}');
    expect(Object.keys(parsed.command)).toEqual(['find', 'filter']);
    expect((parsed.command.filter as { _id: unknown })._id).toBeInstanceOf(ObjectId);
    expect(parsed.writes).toBe(false);
    expect(parseMongoStatement('{"insert": "books", "documents": [{"a": 1}]}').writes).toBe(true);
  });

  it('turns the shell forms into commands', () => {
    expect(parseMongoStatement('db.books.find({"year": {"$gt": 1960}}, {"title": 1});').command).toEqual({
      find: 'books',
      filter: { year: { $gt: 1960 } },
      projection: { title: 1 },
    });
    expect(parseMongoStatement('db.books.find()').command).toEqual({ find: 'books', filter: {} });
    expect(parseMongoStatement('db.shop.orders.aggregate([{"$count": "n"}])').command).toEqual({
      aggregate: 'shop.orders',
      pipeline: [{ $count: 'n' }],
      cursor: {},
    });
    expect(parseMongoStatement('db.books.updateMany({}, {"$set": {"x": 1}})')).toEqual({
      command: { update: 'books', updates: [{ q: {}, u: { $set: { x: 1 } }, multi: true }] },
      writes: true,
    });
  });

  it('refuses what it cannot parse without evaluating it', () => {
    expect(() => parseMongoStatement('db.books.find({year: 1965})')).toThrow(/not valid Extended JSON/);
    expect(() => parseMongoStatement('db.books.drop()')).toThrow(StatementRejected);
    expect(() => parseMongoStatement('db.books.find({}).constructor("x")')).toThrow(StatementRejected);
    expect(() => parseMongoStatement('db.books.constructor({})')).toThrow(StatementRejected);
    expect(() => parseMongoStatement('[1, 2]')).toThrow(StatementRejected);
    expect(() => parseMongoStatement('   ')).toThrow(/empty/);
  });
});
