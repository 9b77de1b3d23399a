import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Stands for a parameter while the SQL is built, so its place in the driver's parameter list can be found. */
const PLACEHOLDER = '\u0000compiled-select:';

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
 */
export class CompiledSelect<Entity extends ObjectLiteral, Parameters extends Record<string, unknown>> {
  private compiled?: Compiled;

  constructor(
    private readonly repository: Repository<Entity>,
    /** The query over alias `row`; its parameters are `:name`s given at each `run`. */
    private readonly query: (builder: SelectQueryBuilder<Entity>) => SelectQueryBuilder<Entity>,
    private readonly parameterNames: readonly (keyof Parameters & string)[],
  ) {}

  async run(parameters: Parameters): Promise<Entity[]> {
    const { sql, order, columns } = (this.compiled ??= this.compile());
    const driver = this.repository.manager.connection.driver;
    const raw = (await this.repository.query(
      sql,
      order.map((name) => parameters[name]),
    )) as Record<string, unknown>[];
    return raw.map((row) => {
      const entity: ObjectLiteral = {};
      for (const column of columns) {
        entity[column.propertyName] = driver.prepareHydratedValue(row[column.propertyName], column);
      }
      return entity as Entity;
    });
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
