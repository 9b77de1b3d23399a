import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Key/value settings the API makes for itself at first start (its instance id). */
export class CreateSettings1763900100000 implements MigrationInterface {
  name = 'CreateSettings1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '200' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('settings');
  }
}
