import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Book, Bookstore, Customer, Order, OrderLine } from './bookstore';

export interface BookstoreOptions {
  /** 0 … 2^32−1: the PRNG keeps 32 bits of it, so larger seeds would silently collide. */
  seed: number;
  /** 1 … 1000: every count is a multiple of it (see SIZE_FACTORS). */
  size: number;
}

/** Rows per unit of size: size 1 is small enough to read by eye, size 100 makes indexes matter. */
export const SIZE_FACTORS = { customers: 20, books: 10, orders: 50 } as const;
export const MAX_SIZE = 1000;

const MAX_WISHLIST = 4;
const MAX_LINES = 4;
const MAX_QUANTITY = 3;
const MAX_STOCK = 40;
/** The first order; later ones follow at random gaps, so ids and times ascend together. */
const FIRST_ORDER_AT = Date.UTC(2024, 0, 1, 9, 0, 0);
const MAX_GAP_MINUTES = 240;

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Barbara',
  'Charles',
  'Donald',
  'Edsger',
  'Frances',
  'Grace',
  'Hedy',
  'Ivan',
  'Jean',
  'Ken',
  'Leslie',
  'Margaret',
  'Niklaus',
  'Radia',
  'Shafi',
  'Tim',
  'Sophie',
  'Whitfield',
];
const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Liskov',
  'Babbage',
  'Knuth',
  'Dijkstra',
  'Allen',
  'Hopper',
  'Lamarr',
  'Sutherland',
  'Sammet',
  'Thompson',
  'Lamport',
  'Hamilton',
  'Wirth',
  'Perlman',
  'Goldwasser',
  'Berners-Lee',
  'Codd',
  'Diffie',
];
const CITIES = ['Lyon', 'Porto', 'Gdansk', 'Leuven', 'Turku', 'Graz', 'Bologna', 'Tartu', 'Aarhus', 'Valencia'];
const ADJECTIVES = [
  'Silent',
  'Hidden',
  'Atomic',
  'Durable',
  'Isolated',
  'Eventual',
  'Lazy',
  'Crimson',
  'Normal',
  'Distributed',
  'Partial',
  'Idle',
  'Final',
  'Sharded',
  'Lost',
  'Quiet',
];
const NOUNS = [
  'Index',
  'Join',
  'Replica',
  'Ledger',
  'Transaction',
  'Cache',
  'Schema',
  'Lighthouse',
  'Garden',
  'Cursor',
  'Quorum',
  'River',
  'Tuple',
  'Archive',
  'Lock',
  'Harbour',
];

/**
 * A deterministic bookstore: the same options give byte-identical output on every machine (the PRNG
 * is pure-rand's xoroshiro128+, integers only, no Date.now, no Math.random).
 *
 * Customers, books, wishlists and orders each draw from their own jumped stream, so growing `size`
 * extends the customer and book lists instead of reshuffling them.
 */
export function generateBookstore(options: BookstoreOptions): Bookstore {
  const { seed, size } = checkOptions(options);
  const streams = independentStreams(seed, 4);
  const counts = {
    customers: SIZE_FACTORS.customers * size,
    books: SIZE_FACTORS.books * size,
    orders: SIZE_FACTORS.orders * size,
  };
  const books = generateBooks(streams[0]!, counts.books);
  const customers = generateCustomers(streams[1]!, streams[2]!, counts.customers, counts.books);
  const orders = generateOrders(streams[3]!, counts.orders, counts.customers, books);
  return { seed, size, customers, books, orders };
}

function checkOptions({ seed, size }: BookstoreOptions): BookstoreOptions {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(`seed must be an integer in 0…4294967295, got ${seed}`);
  }
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    throw new RangeError(`size must be an integer in 1…${MAX_SIZE}, got ${size}`);
  }
  return { seed, size };
}

/** `count` non-overlapping streams of one seed: each is a jump (2^64 draws) ahead of the previous. */
function independentStreams(seed: number, count: number): RandomGenerator[] {
  const base = xoroshiro128plus(seed);
  return Array.from({ length: count }, () => {
    const stream = base.clone();
    base.jump();
    return stream;
  });
}

function pick<T>(rng: RandomGenerator, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)]!;
}

/** Prices end in .99, from 4.99 to 59.99: integers all the way. */
function price(rng: RandomGenerator): number {
  return uniformInt(rng, 4, 59) * 100 + 99;
}

function personName(rng: RandomGenerator): { first: string; last: string } {
  return { first: pick(rng, FIRST_NAMES), last: pick(rng, LAST_NAMES) };
}

function generateBooks(rng: RandomGenerator, count: number): Book[] {
  return Array.from({ length: count }, (_, index) => {
    const pattern = uniformInt(rng, 0, 2);
    const adjective = pick(rng, ADJECTIVES);
    const noun = pick(rng, NOUNS);
    const other = pick(rng, NOUNS);
    const title =
      pattern === 0
        ? `The ${adjective} ${noun}`
        : pattern === 1
          ? `${noun} of the ${adjective} ${other}`
          : `${adjective} ${noun}s`;
    const author = personName(rng);
    return {
      id: index + 1,
      title,
      author: `${author.first} ${author.last}`,
      priceCents: price(rng),
      stock: uniformInt(rng, 0, MAX_STOCK),
    };
  });
}

/** Distinct ids in 1…max, ascending: a partial Fisher–Yates shuffle would need an array of `max`. */
function distinctIds(rng: RandomGenerator, howMany: number, max: number): number[] {
  const ids = new Set<number>();
  while (ids.size < Math.min(howMany, max)) ids.add(uniformInt(rng, 1, max));
  return [...ids].sort((a, b) => a - b);
}

function generateCustomers(
  rng: RandomGenerator,
  wishlistRng: RandomGenerator,
  count: number,
  bookCount: number,
): Customer[] {
  return Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const { first, last } = personName(rng);
    return {
      id,
      name: `${first} ${last}`,
      // The id keeps emails unique although names repeat.
      email: `${first}.${last}.${id}@example.org`.toLowerCase(),
      city: pick(rng, CITIES),
      wishlist: distinctIds(wishlistRng, uniformInt(wishlistRng, 0, MAX_WISHLIST), bookCount),
    };
  });
}

function generateOrders(rng: RandomGenerator, count: number, customerCount: number, books: Book[]): Order[] {
  let at = FIRST_ORDER_AT;
  return Array.from({ length: count }, (_, index) => {
    const customerId = uniformInt(rng, 1, customerCount);
    const bookIds = distinctIds(rng, uniformInt(rng, 1, MAX_LINES), books.length);
    // Shuffle-free but not sorted: line order is what the customer typed, so rotate by a draw.
    const rotation = uniformInt(rng, 0, bookIds.length - 1);
    const ordered = [...bookIds.slice(rotation), ...bookIds.slice(0, rotation)];
    const lines: OrderLine[] = ordered.map((bookId) => ({
      bookId,
      quantity: uniformInt(rng, 1, MAX_QUANTITY),
      unitPriceCents: historicalPrice(rng, books[bookId - 1]!),
    }));
    const order: Order = { id: index + 1, customerId, placedAt: new Date(at).toISOString(), lines };
    at += uniformInt(rng, 1, MAX_GAP_MINUTES) * 60_000;
    return order;
  });
}

/** One purchase in four paid a different price than today's: history must keep what was paid. */
function historicalPrice(rng: RandomGenerator, book: Book): number {
  if (uniformInt(rng, 0, 3) !== 0) return book.priceCents;
  const delta = uniformInt(rng, -3, 3) * 100;
  return Math.max(199, book.priceCents + (delta === 0 ? 100 : delta));
}
