import { ProblemException } from '@lab/http-problems';
import { ProductIdPipe } from './product-id.pipe';

describe('ProductIdPipe', () => {
  const pipe = new ProductIdPipe();

  it.each([
    ['1', 1],
    ['7', 7],
    ['2147483647', 2_147_483_647],
  ])('accepts %s', (text, id) => {
    expect(pipe.transform(text)).toBe(id);
  });

  it.each(['0', '-1', '07', '1.5', 'abc', '', ' 7', '2147483648', '9999999999', '1e3'])(
    'refuses %j with a 400',
    (text) => {
      let error: unknown;
      try {
        pipe.transform(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).getStatus()).toBe(400);
      expect((error as ProblemException).message).toContain('is not a product id');
    },
  );
});
