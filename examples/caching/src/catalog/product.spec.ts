import { SEEDED_PRODUCTS, seedProducts } from './product';

describe('seedProducts', () => {
  it('is deterministic: the same 100 products every time', () => {
    expect(seedProducts()).toEqual(seedProducts());
    expect(seedProducts()).toHaveLength(SEEDED_PRODUCTS);
  });

  it('numbers products 1..100 with unique names and valid prices', () => {
    const products = seedProducts();
    expect(products.map((p) => p.id)).toEqual(Array.from({ length: SEEDED_PRODUCTS }, (_, i) => i + 1));
    expect(new Set(products.map((p) => p.name)).size).toBe(SEEDED_PRODUCTS);
    for (const p of products) {
      expect(p.priceCents).toBeGreaterThanOrEqual(500);
      expect(p.priceCents).toBeLessThan(10_000);
      expect(p.stock).toBeGreaterThanOrEqual(0);
    }
  });

  it('pins the products the guided lab names', () => {
    const products = seedProducts();
    expect(products[2]).toEqual({ id: 3, name: 'Bright Kettle', category: 'outdoor', priceCents: 1637, stock: 21 });
    expect(products[4]).toEqual({ id: 5, name: 'Classic Kettle', category: 'audio', priceCents: 2395, stock: 35 });
    expect(products[6]).toEqual({ id: 7, name: 'Gentle Kettle', category: 'home', priceCents: 3153, stock: 49 });
  });
});
