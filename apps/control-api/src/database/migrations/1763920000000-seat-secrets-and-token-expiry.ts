import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Seats cannot be taken over: a seat keeps the hash of the rejoin secret its student got at the
 * first join. A workshop's end is the end: the tokens given to its students expire with it.
 */
export class SeatSecretsAndTokenExpiry1763920000000 implements MigrationInterface {
  name = 'SeatSecretsAndTokenExpiry1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'workshop_seats',
      new TableColumn({ name: 'rejoin_secret_hash', type: 'varchar', length: '64', isNullable: true }),
    );
    await queryRunner.addColumn(
      'access_tokens',
      new TableColumn({ name: 'expires_at', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('access_tokens', 'expires_at');
    await queryRunner.dropColumn('workshop_seats', 'rejoin_secret_hash');
  }
}
