import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `access_tokens`; only TokensRepository sees it. Times are ISO-8601 strings (portable). */
@Entity('access_tokens')
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) role!: string;
  /** sha256 hex of the token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true }) tokenHash!: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true }) revokedAt!: string | null;
  /** Null: valid until revoked. A workshop seat's token expires with the workshop. */
  @Column({ name: 'expires_at', type: 'varchar', length: 32, nullable: true }) expiresAt!: string | null;
}
