import fc from 'fast-check';
import { cacheKey, lockKeyFor, parseCacheKey, versionedNamespace } from './keys';

describe('cacheKey', () => {
  it('reads <namespace>:<entity>:<id>', () => {
    expect(cacheKey('shop', 'book', 42)).toBe('shop:book:42');
    expect(cacheKey(versionedNamespace('shop', 3), 'user', 'ada@example.org')).toBe('shop@v3:user:ada@example.org');
  });

  it('escapes : and % in the id, so the key still has exactly three parts', () => {
    expect(cacheKey('shop', 'order', 'eu:2024:7')).toBe('shop:order:eu%3A2024%3A7');
    expect(cacheKey('shop', 'coupon', '100%')).toBe('shop:coupon:100%25');
  });

  it('refuses separators or blanks in namespace and entity, and an empty id', () => {
    expect(() => cacheKey('sh:op', 'book', 1)).toThrow(/namespace/);
    expect(() => cacheKey('shop', 'bo ok', 1)).toThrow(/entity/);
    expect(() => cacheKey('', 'book', 1)).toThrow(/namespace/);
    expect(() => cacheKey('shop', 'book', '')).toThrow(/id is empty/);
  });

  it('round-trips through parseCacheKey for any id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (id) => {
        const parts = parseCacheKey(cacheKey('shop@v1', 'thing', id));
        expect(parts).toEqual({ namespace: 'shop@v1', entity: 'thing', id });
      }),
    );
  });

  it('keeps distinct ids on distinct keys (escaping is injective)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(cacheKey('ns', 'e', a)).not.toBe(cacheKey('ns', 'e', b));
      }),
    );
  });
});

describe('parseCacheKey', () => {
  it('refuses keys of another shape, lock keys included', () => {
    expect(() => parseCacheKey('shop:book')).toThrow(/is not/);
    expect(() => parseCacheKey(lockKeyFor('shop:book:1'))).toThrow(/is not/);
  });
});

describe('versionedNamespace', () => {
  it('appends @v<version>', () => expect(versionedNamespace('shop', 0)).toBe('shop@v0'));

  it('refuses a negative or fractional version, and a name that already has one', () => {
    expect(() => versionedNamespace('shop', -1)).toThrow(/bad version/);
    expect(() => versionedNamespace('shop', 1.5)).toThrow(/bad version/);
    expect(() => versionedNamespace('shop@v1', 2)).toThrow(/already carries/);
  });
});
