import { parseCacheKey } from '@lab/caching';
import { asideKey, keyPatterns, productKeys, readThroughKey } from './cache-keys';

describe('cache keys', () => {
  it('names a product per pattern: <namespace>:<entity>:<id>', () => {
    expect(asideKey(7)).toBe('aside:product:7');
    expect(readThroughKey(7)).toBe('catalog:product:7');
    expect(parseCacheKey(readThroughKey(42))).toEqual({ namespace: 'catalog', entity: 'product', id: '42' });
  });

  it('invalidates every copy of a product', () => {
    expect(productKeys(3)).toEqual(['aside:product:3', 'catalog:product:3']);
  });

  it('spells the scheme out for students', () => {
    expect(keyPatterns()).toEqual({
      'cache-aside': 'aside:product:<id>',
      'read-through': 'catalog:product:<id>',
      'single-flight lock': 'catalog:product:<id>:lock',
    });
  });
});
