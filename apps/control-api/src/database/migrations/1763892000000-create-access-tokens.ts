import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Written with TypeORM's Table API, not SQL, so the same migration runs on SQLite and PostgreSQL.
 * Types stay portable: ids are uuid strings made by the app, times are ISO-8601 strings.
 */
export class CreateAccessTokens1763892000000 implements MigrationInterface {
  name = 'CreateAccessTokens1763892000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'access_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'revoked_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('access_tokens');
  }
}
