import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { sqliteChangeToken } from './sqlite-change-token';

/** Stands for a parameter while the SQL is built, so its place in the driver's parameter list can be found. */
const PLACEHOLDER = '\u0000compiled-select:';

/** Parameter sets whose rows are kept at once; past this the cache starts over. */
const MAX_CACHED = 1_000;

interface Compiled {
  sql: string;
  /** The parameter name of each driver parameter, in the driver's order. */
  order: string[];
  columns: ColumnMetadata[];
}

/**
 * A SELECT of whole rows whose SQL TypeORM builds once. `find` builds a query builder, renders and
 * rewrites its SQL and maps the results through its transformer at every call: in the api bench's
 * profile that was most of the CPU of an authenticated `GET /api/sandboxes`, while the routes a
 * page polls run the same statement again and again with other values. The SQL is still TypeORM's
 * (same dialect handling, same quoting, the driver's placeholders), and every column comes back
 * through the driver's own hydration, so the rows equal what `find` gives.
 *
 * On SQLite the rows of each parameter set are also kept until the database changes (any write
 * by this process or a commit by another: sqlite-change-token.ts), so a page polling a sandbox
 * that did not change costs one tiny statement instead of the query (in the api bench that query
 * and its hydration were ~30 % of the CPU of a poll). Rows are frozen: every caller shares them.
 * Nothing is kept on PostgreSQL, inside a transaction, or from a run that overlapped a write.
 */
export class CompiledSelect<Entity extends ObjectLiteral, Parameters extends Record<string, unknown>> {
  private compiled?: Compiled;
  /** Rows by their parameter values (JSON), read while the change token was `cachedAt`. */
  private cached = new Map<string, readonly Readonly<Entity>[]>();
  private cachedAt?: string;

  constructor(
    private readonly repository: Repository<Entity>,
    /** The query over alias `row`; its parameters are `:name`s given at each `run`. */
    private readonly query: (builder: SelectQueryBuilder<Entity>) => SelectQueryBuilder<Entity>,
    private readonly parameterNames: readonly (keyof Parameters & string)[],
  ) {}

  async run(parameters: Parameters): Promise<readonly Readonly<Entity>[]> {
    const compiled = (this.compiled ??= this.compile());
    const values = compiled.order.map((name) => parameters[name]);
    // Undefined inside a transaction too (also for a repository bound to one): nothing is kept then.
    const token = sqliteChangeToken(this.repository.manager.connection.driver);
    if (token === undefined) return this.select(compiled, values);
    if (token !== this.cachedAt) {
      this.cached = new Map();
      this.cachedAt = token;
    }
    const key = JSON.stringify(values);
    const kept = this.cached.get(key);
    if (kept) return kept;
    const rows = await this.select(compiled, values);
    // Rows read across a write are newer than `token`: they are kept under it, but the write moved
    // the token, so the next run starts a new cache and never serves them.
    if (this.cachedAt === token) {
      if (this.cached.size >= MAX_CACHED) this.cached.clear();
      this.cached.set(key, rows);
    }
    return rows;
  }

  private async select({ sql, columns }: Compiled, values: unknown[]): Promise<readonly Readonly<Entity>[]> {
    const driver = this.repository.manager.connection.driver;
    const raw = (await this.repository.query(sql, values)) as Record<string, unknown>[];
    return Object.freeze(
      raw.map((row) => {
        const entity: ObjectLiteral = {};
        for (const column of columns) {
          entity[column.propertyName] = driver.prepareHydratedValue(row[column.propertyName], column);
        }
        return Object.freeze(entity as Entity);
      }),
    );
  }

  private compile(): Compiled {
    const { metadata } = this.repository;
    const columns = metadata.columns.filter(
      (column) => column.embeddedMetadata === undefined && !column.relationMetadata,
    );
    if (columns.length !== metadata.columns.length) {
      throw new Error(`CompiledSelect: ${metadata.name} has embedded or relation columns, which it does not map`);
    }
    const builder = this.repository.createQueryBuilder('row').select([]);
    for (const column of columns) builder.addSelect(`row.${column.propertyName}`, column.propertyName);
    const placeholders = Object.fromEntries(this.parameterNames.map((name) => [name, `${PLACEHOLDER}${name}`]));
    const [sql, values] = this.query(builder).setParameters(placeholders).getQueryAndParameters();
    const order = values.map((value: unknown) => {
      if (typeof value !== 'string' || !value.startsWith(PLACEHOLDER)) {
        throw new Error('CompiledSelect: every value of the query must be a parameter given at run time');
      }
      return value.slice(PLACEHOLDER.length);
    });
    return { sql, order, columns };
  }
}
