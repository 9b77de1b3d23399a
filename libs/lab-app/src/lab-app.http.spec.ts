import { isNotUpYet } from './lab-app.http';

describe('isNotUpYet (an app boot that is tried again)', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a host the network does not know yet', withCode('ENOTFOUND')],
    ['PostgreSQL starting up (57P03)', withCode('57P03')],
    ['a refused connection as the cause', new Error('boot failed', { cause: withCode('ECONNREFUSED') })],
    [
      'every address refused (AggregateError)',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
  ])('tries again after %s', (_what, error) => {
    expect(isNotUpYet(error)).toBe(true);
  });

  it.each([
    ['a wrong password (28P01)', withCode('28P01')],
    ['a failed migration', new Error('relation "books" already exists')],
    ['a mix of refused and a real error', new AggregateError([withCode('ECONNREFUSED'), withCode('28P01')])],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('fails at once after %s', (_what, error) => {
    expect(isNotUpYet(error)).toBe(false);
  });
});
