/** A product of the catalog: what PostgreSQL stores and what the cache holds (as JSON). */
export interface Product {
  id: number;
  name: string;
  category: string;
  priceCents: number;
  stock: number;
}

/** The fields a write may set; the id comes from the path. */
export type ProductFields = Omit<Product, 'id'>;

export const SEEDED_PRODUCTS = 100;

/** PostgreSQL's `integer`: a larger id can never name a product, and must not reach a query. */
export const MAX_PRODUCT_ID = 2_147_483_647;

const ADJECTIVES = ['Sturdy', 'Quiet', 'Bright', 'Compact', 'Classic', 'Rapid', 'Gentle', 'Bold', 'Smart', 'Tiny'];
const NOUNS = ['Kettle', 'Lamp', 'Backpack', 'Notebook', 'Headphones', 'Mug', 'Chair', 'Umbrella', 'Keyboard', 'Clock'];
const CATEGORIES = ['kitchen', 'home', 'outdoor', 'office', 'audio'];

/**
 * The seed, computed rather than random: every sandbox (and every test) starts from the same 100
 * products, so lab checks and tests can name exact values (product 7 is always the same).
 */
export function seedProducts(count = SEEDED_PRODUCTS): Product[] {
  return Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    return {
      id,
      name: `${ADJECTIVES[index % ADJECTIVES.length]} ${NOUNS[Math.floor(index / ADJECTIVES.length) % NOUNS.length]}`,
      category: CATEGORIES[index % CATEGORIES.length]!,
      // Spread over 5.00 .. 99.99 with a multiplier prime to the modulus: no two neighbours alike.
      priceCents: 500 + ((id * 379) % 9_500),
      stock: (id * 7) % 50,
    };
  });
}
