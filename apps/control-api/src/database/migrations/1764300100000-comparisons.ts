import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * `comparisons`: one workload run on a sandbox's engines (POST /api/comparisons): what was asked,
 * its state, and once done the result (per engine × operation: throughput, percentiles, errors) as
 * JSON, or why it failed (a wrong answer's difference included).
 */
export class Comparisons1764300100000 implements MigrationInterface {
  name = 'Comparisons1764300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'comparisons',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'sandbox_id', type: 'varchar', length: '40' },
          { name: 'workload_name', type: 'varchar', length: '64' },
          { name: 'request', type: 'text' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'finished_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'comparisons',
      new TableIndex({ name: 'comparisons_user_created', columnNames: ['user_id', 'created_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('comparisons');
  }
}
