import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../stores/stores';
import type { Product, ProductFields } from './product';

const COLUMNS = 'p.id, p.name, p.category, p.price_cents AS "priceCents", p.stock';

/** The database's side of the catalog: plain SQL over the pool, plain `Product` objects out. */
@Injectable()
export class ProductsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /**
   * The deliberately slow catalog query: it sleeps `slowMs` in PostgreSQL before answering,
   * standing in for a heavy join or a remote call. The sleep is the left side of the join, so a
   * missing id costs as much as a present one (the cost negative caching saves).
   */
  async findSlow(id: number, slowMs: number): Promise<Product | undefined> {
    const { rows } = await this.pool.query<Product & { id: number | null }>(
      `SELECT ${COLUMNS} FROM (SELECT pg_sleep($2::float8 / 1000)) AS slow LEFT JOIN products p ON p.id = $1`,
      [id, slowMs],
    );
    const row = rows[0];
    return row && row.id !== null ? row : undefined;
  }

  /** Partial update; `undefined` when there is no such product. */
  async update(id: number, fields: Partial<ProductFields>): Promise<Product | undefined> {
    const { rows } = await this.pool.query<Product>(
      `UPDATE products p SET name = coalesce($2, p.name), category = coalesce($3, p.category),
              price_cents = coalesce($4, p.price_cents), stock = coalesce($5, p.stock)
       WHERE p.id = $1 RETURNING ${COLUMNS}`,
      [id, fields.name ?? null, fields.category ?? null, fields.priceCents ?? null, fields.stock ?? null],
    );
    return rows[0];
  }

  /** Full replacement of an existing product; false when there is no such product. */
  async replace(product: Product): Promise<boolean> {
    return (await this.replaceWith(this.pool, product)) > 0;
  }

  /** Write-behind's batch: all or nothing, in one transaction (a failed batch is retried whole). */
  async replaceMany(products: readonly Product[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const product of products) await this.replaceWith(client, product);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Fast existence check (no sleep): writes refuse unknown ids before touching the cache. */
  async exists(id: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM products WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  private async replaceWith(db: Pool | PoolClient, product: Product): Promise<number> {
    const { rowCount } = await db.query(
      'UPDATE products SET name = $2, category = $3, price_cents = $4, stock = $5 WHERE id = $1',
      [product.id, product.name, product.category, product.priceCents, product.stock],
    );
    return rowCount ?? 0;
  }
}
