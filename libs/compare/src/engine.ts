import type { OperationPlan } from './explain';
import type { Book, BookRevenue, Bookstore, NewOrder, OrderSummary, PriceChange } from '@lab/seed';

/**
 * One engine in its natural model, answering the workload's operations. Each implementation is the
 * idiomatic way to ask that engine (SQL joins, JSONB documents, Redis hashes and sorted sets,
 * MongoDB documents); the answers are the same plain objects, so they can be checked against the
 * seed's reference answers before anything is timed.
 */
export interface CompareEngine {
  /** Stable id used in workloads, API requests and reports: `postgresql`, `mariadb`, `redis`, … */
  readonly name: string;
  /** The model in a few words, for reports: "tables", "JSONB documents", "hashes + sorted sets". */
  readonly model: string;
  /** Replaces whatever the engine holds with the seed (also the reset between runs). */
  load(store: Bookstore): Promise<void>;
  pointRead(bookId: number): Promise<Book | undefined>;
  orderHistory(customerId: number): Promise<OrderSummary[]>;
  topBooks(limit: number): Promise<BookRevenue[]>;
  /** Rewrites every copy of the price the model keeps (the fan-out). */
  priceChange(bookId: number, priceCents: number): Promise<PriceChange>;
  /** All or nothing; InsufficientStockError (nothing written) when a line lacks stock. */
  newOrder(order: NewOrder, at?: Date): Promise<OrderSummary>;
  /** `count` books from `fromBookId` upwards, ascending by id. */
  rangeScan(fromBookId: number, count: number): Promise<Book[]>;
  /** What each operation runs, shown beside its numbers ("why is one faster"). */
  statements(): Partial<Record<string, string>>;
  /**
   * Each operation's representative statement through the console's explain (`plan` mode), or a
   * note where the engine has no planner. Optional: an engine without it shows its statements only.
   */
  explain?(): Promise<OperationPlan[]>;
  close(): Promise<void>;
}

/** Opens an engine from a connection URL (the sandbox's, as `@lab/engines` writes it). */
export type EngineFactory = (url: string) => Promise<CompareEngine>;
