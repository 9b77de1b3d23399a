import { lockOrder, validateNewOrder } from './new-order';

describe('validateNewOrder', () => {
  it('accepts a well-formed order as is', () => {
    const order = { customerId: 1, lines: [{ bookId: 2, quantity: 1 }] };
    expect(validateNewOrder(order)).toBe(order);
  });

  it.each([
    [{ customerId: 0, lines: [{ bookId: 1, quantity: 1 }] }, /customerId/],
    [{ customerId: 1, lines: [] }, /at least one line/],
    [{ customerId: 1, lines: [{ bookId: 1, quantity: 0 }] }, /quantity/],
    [{ customerId: 1, lines: [{ bookId: 1, quantity: 1.5 }] }, /quantity/],
    [{ customerId: 1, lines: [{ bookId: -3, quantity: 1 }] }, /bookId/],
    [
      {
        customerId: 1,
        lines: [
          { bookId: 4, quantity: 1 },
          { bookId: 4, quantity: 2 },
        ],
      },
      /twice/,
    ],
  ])('refuses %j', (order, message) => expect(() => validateNewOrder(order)).toThrow(message));
});

describe('lockOrder', () => {
  it('visits lines by ascending book id, whatever order they were typed in', () => {
    const order = {
      customerId: 1,
      lines: [
        { bookId: 9, quantity: 1 },
        { bookId: 2, quantity: 1 },
        { bookId: 5, quantity: 1 },
      ],
    };
    expect(lockOrder(order)).toEqual([1, 2, 0]);
  });
});
