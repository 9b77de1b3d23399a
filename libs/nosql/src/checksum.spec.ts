import { Double, Int32 } from 'mongodb';
import { checksumDocuments } from './checksum';

describe('checksumDocuments', () => {
  it('is stable for equal documents and counts them', () => {
    const docs = [
      { _id: 1, a: 'x' },
      { _id: 2, a: 'y' },
    ];
    expect(checksumDocuments(docs)).toEqual(checksumDocuments(structuredClone(docs)));
    expect(checksumDocuments(docs).documents).toBe(2);
    expect(checksumDocuments([]).md5).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('tells values, BSON types and document boundaries apart', () => {
    const base = checksumDocuments([{ _id: 1, n: new Int32(10) }]).md5;
    expect(checksumDocuments([{ _id: 1, n: new Int32(11) }]).md5).not.toBe(base);
    expect(checksumDocuments([{ _id: 1, n: new Double(10) }]).md5).not.toBe(base);
    expect(checksumDocuments([{ _id: 1 }, { _id: 2 }]).md5).not.toBe(
      checksumDocuments([{ _id: 1, _x: { _id: 2 } }]).md5,
    );
  });
});
