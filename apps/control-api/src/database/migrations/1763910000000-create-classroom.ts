import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Classroom: resets (one row per asked-for reset, so a crash can resume it and each seat's reset is
 * recorded exactly once), workshops and their seats, and what culling needs on sandboxes.
 */
export class CreateClassroom1763910000000 implements MigrationInterface {
  name = 'CreateClassroom1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('sandboxes', [
      new TableColumn({ name: 'workshop_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'leader_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'last_activity_at', type: 'varchar', length: '32', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'resets',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'sandbox_id', type: 'varchar', length: '40' },
          { name: 'batch_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'method', type: 'varchar', length: '16', isNullable: true },
          { name: 'detail', type: 'varchar', length: '500', isNullable: true },
          { name: 'duration_ms', type: 'integer', isNullable: true },
          { name: 'requested_at', type: 'varchar', length: '32' },
          { name: 'finished_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'resets',
      new TableIndex({ name: 'resets_sandbox', columnNames: ['sandbox_id', 'state'] }),
    );
    await queryRunner.createIndex('resets', new TableIndex({ name: 'resets_batch', columnNames: ['batch_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'workshops',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'leader_id', type: 'varchar', length: '64' },
          { name: 'example', type: 'varchar', length: '64' },
          { name: 'seats', type: 'integer' },
          { name: 'join_code_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'ends_at', type: 'varchar', length: '32' },
          { name: 'ended_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'workshop_seats',
        columns: [
          { name: 'workshop_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seat', type: 'integer', isPrimary: true },
          { name: 'sandbox_id', type: 'varchar', length: '40' },
          { name: 'student_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'token_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'joined_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'progress', type: 'text', isNullable: true },
          { name: 'progress_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'workshop_seats',
      new TableIndex({ name: 'workshop_seats_student', columnNames: ['workshop_id', 'student_name'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('workshop_seats');
    await queryRunner.dropTable('workshops');
    await queryRunner.dropTable('resets');
    await queryRunner.dropColumn('sandboxes', 'last_activity_at');
    await queryRunner.dropColumn('sandboxes', 'leader_id');
    await queryRunner.dropColumn('sandboxes', 'workshop_id');
  }
}
