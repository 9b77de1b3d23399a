import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Sandboxes: desired and observed state, secrets, endpoints, idempotency. Portable types only. */
export class CreateSandboxes1763900000000 implements MigrationInterface {
  name = 'CreateSandboxes1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sandboxes',
        columns: [
          { name: 'id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'example', type: 'varchar', length: '64' },
          { name: 'owner_id', type: 'varchar', length: '64' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'desired', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'secrets', type: 'text' },
          { name: 'endpoints', type: 'text', isNullable: true },
          { name: 'idempotency_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'request_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
          { name: 'expires_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'sandboxes',
      new TableIndex({
        name: 'sandboxes_owner_idempotency',
        columnNames: ['owner_id', 'idempotency_key'],
        isUnique: true,
      }),
    );
    await queryRunner.createIndex('sandboxes', new TableIndex({ name: 'sandboxes_state', columnNames: ['state'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sandboxes');
  }
}
