import { InsufficientStockError } from '@lab/seed';
import { problemFromStoreError } from './store-errors';
import { renderProblem } from '@lab/http-problems';

const render = (error: unknown) => renderProblem(problemFromStoreError(error) ?? error, '/sql/orders').problem;

describe('problemFromStoreError', () => {
  it('turns a lack of stock into a 409 that says nothing was written', () => {
    expect(render(new InsufficientStockError(21, 2))).toEqual({
      type: 'urn:backend-lab:sql-vs-nosql:insufficient-stock',
      title: 'Not enough stock',
      status: 409,
      detail: 'not enough stock for book 21 (requested 2): nothing was written.',
      instance: '/sql/orders',
    });
  });

  it('turns the libraries’ input rules into a 400 with their message', () => {
    expect(render(new RangeError('book 4 appears twice in one order'))).toMatchObject({
      status: 400,
      detail: 'Book 4 appears twice in one order.',
    });
  });

  it('maps PostgreSQL constraint violations by SQLSTATE, with the DETAIL line', () => {
    const duplicate = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      detail: 'Key (email)=(a@example.org) already exists.',
    });
    expect(render(duplicate)).toMatchObject({
      status: 409,
      detail: 'The database refused the change: Key (email)=(a@example.org) already exists.',
    });
    expect(render(Object.assign(new Error('violates foreign key'), { code: '23503' })).status).toBe(409);
    expect(render(Object.assign(new Error('violates check constraint'), { code: '23514' })).status).toBe(400);
    expect(render(Object.assign(new Error('E11000 duplicate key'), { code: 11000 })).status).toBe(409);
  });

  it('leaves real failures alone: a 500 that does not leak the message', () => {
    expect(problemFromStoreError(new Error('connection refused'))).toBeUndefined();
    expect(render(new Error('password=hunter2'))).toMatchObject({ status: 500 });
    expect(JSON.stringify(render(new Error('password=hunter2')))).not.toContain('hunter2');
  });
});
