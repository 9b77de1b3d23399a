import {
  InsufficientStockError,
  validateNewOrder,
  type Book,
  type BookRevenue,
  type Bookstore,
  type OrderSummary,
} from '@lab/seed';
import { Redis } from 'ioredis';
import type { CompareEngine } from '../engine';
import type { OperationPlan } from '../explain';

/**
 * The bookstore as Redis keeps it naturally: a hash per book, customer and order; sorted sets as
 * the indexes a relational engine would build (books by id for range scans, each customer's orders
 * by time, books by revenue so "top 10" is a read, not a scan). A new order is one Lua script: it
 * checks stock, decrements it, writes the order and updates the revenue index atomically.
 */
const KEYS = {
  book: (id: number) => `book:${id}`,
  order: (id: number) => `order:${id}`,
  customerOrders: (id: number) => `customer:${id}:orders`,
  customer: (id: number) => `customer:${id}`,
  wishlist: (id: number) => `customer:${id}:wishlist`,
  booksById: 'books:by-id',
  revenue: 'books:by-revenue',
  unitsSold: 'books:units-sold',
  orderIds: 'orders:last-id',
};

/**
 * KEYS: the order's books. ARGV: customerId, placedAt (ISO), placedAt (epoch ms), then one quantity
 * per key. Refuses with `STOCK <bookId> <quantity>` when a line lacks stock (nothing written).
 */
const PLACE_ORDER_LUA = `
local books = {}
for i, key in ipairs(KEYS) do
  local fields = redis.call('HMGET', key, 'stock', 'priceCents', 'title')
  local quantity = tonumber(ARGV[3 + i])
  if not fields[1] or tonumber(fields[1]) < quantity then
    return redis.error_reply('STOCK ' .. string.sub(key, 6) .. ' ' .. quantity)
  end
  books[i] = { price = tonumber(fields[2]), title = fields[3], quantity = quantity, id = tonumber(string.sub(key, 6)) }
end
local orderId = redis.call('INCR', '${KEYS.orderIds}')
local lines = {}
local total = 0
for i, key in ipairs(KEYS) do
  local b = books[i]
  redis.call('HINCRBY', key, 'stock', -b.quantity)
  redis.call('ZINCRBY', '${KEYS.revenue}', b.quantity * b.price, b.id)
  redis.call('HINCRBY', '${KEYS.unitsSold}', b.id, b.quantity)
  lines[i] = { bookId = b.id, title = b.title, quantity = b.quantity, unitPriceCents = b.price }
  total = total + b.quantity * b.price
end
local encoded = cjson.encode(lines)
redis.call('HSET', 'order:' .. orderId, 'customerId', ARGV[1], 'placedAt', ARGV[2], 'totalCents', total, 'lines', encoded)
redis.call('ZADD', 'customer:' .. ARGV[1] .. ':orders', ARGV[3], orderId)
return { orderId, total, encoded }
`;

/**
 * Redis has no query planner: each command's cost is documented (its time complexity) and the model
 * decides the work. The "plan" of each operation is what it touches, said plainly.
 */
const REDIS_PLANS: OperationPlan[] = [
  {
    operation: 'point-read',
    statement: 'HGETALL book:1',
    note: 'No query planner: HGETALL reads one hash by its key, O(fields), one round trip.',
  },
  {
    operation: 'order-history',
    statement: 'ZRANGE customer:1:orders +inf -inf BYSCORE REV; HGETALL order:<id> … (pipelined)',
    note: "No query planner: the customer's orders are a sorted set by time, O(log n + orders), then one HGETALL per order in one pipelined round trip; no join, the lines are stored in the order.",
  },
  {
    operation: 'top-books',
    statement:
      'ZRANGE books:by-revenue +inf -inf BYSCORE REV LIMIT 0 10 WITHSCORES; HGET book:<id> title … (pipelined)',
    note: 'No query planner: every new order keeps a revenue sorted set up to date (ZINCRBY), so the read is O(log n + 10); nothing is aggregated at read time.',
  },
  {
    operation: 'price-change',
    statement: 'EVAL "if EXISTS book:1 then HSET book:1 priceCents 1999" 1 book:1',
    note: 'No query planner: a Lua script, EXISTS + HSET on one hash, O(1); no other key holds the price.',
  },
  {
    operation: 'new-order',
    statement: 'EVAL <place-order script> 1 book:1 …',
    note: 'No query planner: one Lua script runs atomically (no other command in between): per line HMGET + HINCRBY stock, ZINCRBY revenue; then INCR, HSET order, ZADD history, O(lines × log n).',
  },
  {
    operation: 'range-scan',
    statement: 'ZRANGE books:by-id 1 +inf BYSCORE LIMIT 0 20; HGETALL book:<id> … (pipelined)',
    note: 'No query planner: a sorted set of book ids gives the range, O(log n + 20), then 20 HGETALL in one pipelined round trip.',
  },
];

type OrderLineView = OrderSummary['lines'][number];

export async function openRedisStructures(url: string, _poolSize?: number): Promise<CompareEngine & { redis: Redis }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: false });
  redis.on('error', () => undefined);
  await redis.connect();

  const readBook = (id: number, fields: Record<string, string>): Book | undefined =>
    fields.title === undefined
      ? undefined
      : {
          id,
          title: fields.title,
          author: fields.author!,
          priceCents: Number(fields.priceCents),
          stock: Number(fields.stock),
        };

  const load = async (store: Bookstore) => {
    await redis.flushdb();
    const revenue = new Map<number, { units: number; cents: number }>();
    for (const order of store.orders) {
      for (const line of order.lines) {
        const r = revenue.get(line.bookId) ?? { units: 0, cents: 0 };
        r.units += line.quantity;
        r.cents += line.quantity * line.unitPriceCents;
        revenue.set(line.bookId, r);
      }
    }
    const titles = new Map(store.books.map((b) => [b.id, b.title]));
    let pipeline = redis.pipeline();
    let queued = 0;
    const flushEvery = async () => {
      queued += 1;
      if (queued % 1000 === 0) {
        await exec(pipeline);
        pipeline = redis.pipeline();
      }
    };
    for (const b of store.books) {
      pipeline.hset(KEYS.book(b.id), { title: b.title, author: b.author, priceCents: b.priceCents, stock: b.stock });
      pipeline.zadd(KEYS.booksById, b.id, String(b.id));
      await flushEvery();
    }
    for (const c of store.customers) {
      pipeline.hset(KEYS.customer(c.id), { name: c.name, email: c.email, city: c.city });
      if (c.wishlist.length) pipeline.sadd(KEYS.wishlist(c.id), ...c.wishlist.map(String));
      await flushEvery();
    }
    for (const o of store.orders) {
      const lines = o.lines.map((l) => ({
        bookId: l.bookId,
        title: titles.get(l.bookId)!,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
      }));
      pipeline.hset(KEYS.order(o.id), {
        customerId: o.customerId,
        placedAt: o.placedAt,
        totalCents: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
        lines: JSON.stringify(lines),
      });
      pipeline.zadd(KEYS.customerOrders(o.customerId), Date.parse(o.placedAt), String(o.id));
      await flushEvery();
    }
    for (const [bookId, r] of revenue) {
      pipeline.zadd(KEYS.revenue, r.cents, String(bookId));
      pipeline.hset(KEYS.unitsSold, String(bookId), r.units);
    }
    pipeline.set(KEYS.orderIds, store.orders.length);
    await exec(pipeline);
  };

  const booksByIds = async (ids: number[]): Promise<(Book | undefined)[]> => {
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(KEYS.book(id));
    const replies = (await exec(pipeline)) as Record<string, string>[];
    return replies.map((fields, i) => readBook(ids[i]!, fields));
  };

  return {
    redis,
    name: 'redis',
    model: 'hashes + sorted sets',
    load,
    pointRead: async (bookId) => readBook(bookId, await redis.hgetall(KEYS.book(bookId))),
    orderHistory: async (customerId) => {
      const ids = (await redis.zrange(KEYS.customerOrders(customerId), '+inf', '-inf', 'BYSCORE', 'REV')).map(Number);
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(KEYS.order(id));
      const orders = ((await exec(pipeline)) as Record<string, string>[]).map((o, i): OrderSummary => ({
        orderId: ids[i]!,
        placedAt: o.placedAt!,
        totalCents: Number(o.totalCents),
        lines: JSON.parse(o.lines!) as OrderLineView[],
      }));
      // Same instant: the higher id first, as the other engines order them.
      return orders.sort((a, b) =>
        a.placedAt === b.placedAt ? b.orderId - a.orderId : a.placedAt < b.placedAt ? 1 : -1,
      );
    },
    topBooks: async (limit) => {
      const top = await redis.zrange(KEYS.revenue, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit, 'WITHSCORES');
      if (top.length === 0) return [];
      // A sorted set breaks ties by member text; the contract breaks them by book id: fetch all ties
      // of the last place and sort those few here.
      const lastScore = top.at(-1)!;
      const ties = await redis.zrange(KEYS.revenue, lastScore, lastScore, 'BYSCORE', 'WITHSCORES');
      const scored = new Map<number, number>();
      for (const list of [top, ties])
        for (let i = 0; i < list.length; i += 2) scored.set(Number(list[i]), Number(list[i + 1]));
      const ranked = [...scored.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
      const pipeline = redis.pipeline();
      for (const [bookId] of ranked) {
        pipeline.hget(KEYS.book(bookId), 'title');
        pipeline.hget(KEYS.unitsSold, String(bookId));
      }
      const replies = (await exec(pipeline)) as string[];
      return ranked.map(([bookId, revenueCents], i): BookRevenue => ({
        bookId,
        title: replies[i * 2]!,
        unitsSold: Number(replies[i * 2 + 1]),
        revenueCents,
      }));
    },
    priceChange: async (bookId, priceCents) => {
      // HSET would create a book that does not exist; only change one that does.
      const changed = (await redis.eval(
        "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'priceCents', ARGV[1]) return 1 end return 0",
        1,
        KEYS.book(bookId),
        priceCents,
      )) as number;
      return { updated: changed, breakdown: { books: changed } };
    },
    newOrder: async (input, at = new Date()) => {
      const order = validateNewOrder(input);
      const placedAt = at.toISOString();
      try {
        const [orderId, total, encoded] = (await redis.eval(
          PLACE_ORDER_LUA,
          order.lines.length,
          ...order.lines.map((l) => KEYS.book(l.bookId)),
          order.customerId,
          placedAt,
          at.getTime(),
          ...order.lines.map((l) => l.quantity),
        )) as [number, number, string];
        return { orderId, placedAt, totalCents: total, lines: normaliseLines(JSON.parse(encoded)) };
      } catch (error) {
        const stock = /STOCK (\d+) (\d+)/.exec((error as Error).message);
        if (stock) throw new InsufficientStockError(Number(stock[1]), Number(stock[2]));
        throw error;
      }
    },
    rangeScan: async (fromBookId, count) => {
      const ids = (await redis.zrange(KEYS.booksById, fromBookId, '+inf', 'BYSCORE', 'LIMIT', 0, count)).map(Number);
      return (await booksByIds(ids)).filter((b): b is Book => b !== undefined);
    },
    statements: () => ({
      'point-read': 'HGETALL book:<id>',
      'order-history': 'ZRANGE customer:<id>:orders +inf -inf BYSCORE REV; HGETALL order:<id> … (pipelined)',
      'top-books':
        'ZRANGE books:by-revenue +inf -inf BYSCORE REV LIMIT 0 10 WITHSCORES; HGET book:<id> title … (pipelined)',
      'price-change': 'EVAL "if EXISTS book:<id> then HSET book:<id> priceCents <p>"',
      'new-order':
        'EVAL <place-order script>: HMGET stock … ; HINCRBY stock; INCR orders:last-id; HSET order:<id>; ZADD; ZINCRBY books:by-revenue',
      'range-scan': 'ZRANGE books:by-id <from> +inf BYSCORE LIMIT 0 20; HGETALL book:<id> … (pipelined)',
    }),
    explain: async () => REDIS_PLANS,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** cjson encodes an empty Lua table as `{}`; keep a line's field order as the other engines do. */
function normaliseLines(lines: OrderLineView[]): OrderLineView[] {
  return lines.map((l) => ({
    bookId: l.bookId,
    title: l.title,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
  }));
}

async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results.map(([, value]) => value);
}
