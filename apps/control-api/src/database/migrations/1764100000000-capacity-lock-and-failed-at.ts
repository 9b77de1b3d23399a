import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * `locks`: one row per serialisation point (here `sandbox-capacity`, taken by every admission of a
 * sandbox so that counting and inserting are one atomic step across processes), and
 * `sandboxes.failed_at`: when a sandbox failed, so its stopped containers are removed after
 * LAB_FAILED_KEEP_MINUTES whatever else touches the row.
 */
export class CapacityLockAndFailedAt1764100000000 implements MigrationInterface {
  name = 'CapacityLockAndFailedAt1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'locks',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'taken_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO locks (name) VALUES ('sandbox-capacity')`);
    await queryRunner.addColumn(
      'sandboxes',
      new TableColumn({ name: 'failed_at', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('sandboxes', 'failed_at');
    await queryRunner.dropTable('locks');
  }
}
