import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Query console and lab self-service: `workshops.solutions_visible` (the leader shows the lab's
 * solutions to the seats' students), `lab_checks` (a sandbox's latest result per lab step, as the
 * student checked it) and `console_queries` (the latest console statements of each sandbox; the
 * API keeps 50 per sandbox).
 */
export class ConsoleAndLabChecks1764200000000 implements MigrationInterface {
  name = 'ConsoleAndLabChecks1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'workshops',
      new TableColumn({ name: 'solutions_visible', type: 'boolean', default: 'false' }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lab_checks',
        columns: [
          { name: 'sandbox_id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'step_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'passed', type: 'boolean' },
          { name: 'detail', type: 'varchar', length: '500' },
          { name: 'checked_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'console_queries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'sandbox_id', type: 'varchar', length: '40' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'service', type: 'varchar', length: '64' },
          { name: 'statement', type: 'text' },
          { name: 'ok', type: 'boolean' },
          { name: 'error', type: 'varchar', length: '500', isNullable: true },
          { name: 'row_count', type: 'integer', isNullable: true },
          { name: 'duration_ms', type: 'integer' },
          { name: 'ran_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'console_queries',
      new TableIndex({ name: 'console_queries_sandbox', columnNames: ['sandbox_id', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('console_queries');
    await queryRunner.dropTable('lab_checks');
    await queryRunner.dropColumn('workshops', 'solutions_visible');
  }
}
