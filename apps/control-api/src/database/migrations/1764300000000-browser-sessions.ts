import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * `browser_sessions`: what a browser's session cookie stands for. The cookie holds a random secret;
 * the row keeps its sha256, the sha256 of the token that signed in (checked again at every
 * request, so a revoked or expired token ends its sessions at once) and the session's own expiry.
 */
export class BrowserSessions1764300000000 implements MigrationInterface {
  name = 'BrowserSessions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'browser_sessions',
        columns: [
          { name: 'secret_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'expires_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'browser_sessions',
      new TableIndex({ name: 'browser_sessions_user', columnNames: ['user_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('browser_sessions');
  }
}
