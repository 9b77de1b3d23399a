import { describeDifferences } from './diff';

describe('answer differences', () => {
  it('names each differing leaf by its path', () => {
    expect(
      describeDifferences(
        [{ orderId: 3, lines: [{ bookId: 1, unitPriceCents: 1299 }] }],
        [{ orderId: 3, lines: [{ bookId: 1, unitPriceCents: 1399 }], extra: true }],
      ),
    ).toEqual(['[0].extra: expected nothing, got true', '[0].lines[0].unitPriceCents: expected 1299, got 1399']);
  });

  it('reports missing items and an absent answer', () => {
    expect(describeDifferences([1, 2], [1])).toEqual(['(answer): expected 2 items, got 1']);
    expect(describeDifferences({ id: 1 }, undefined)).toEqual(['(answer): expected {"id":1}, got nothing']);
    expect(describeDifferences({ a: [1] }, { a: [1] })).toEqual([]);
  });
});
