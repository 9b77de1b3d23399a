import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row of `browser_sessions`; only BrowserSessionsRepository sees it. Times are ISO-8601 strings. */
@Entity('browser_sessions')
export class BrowserSessionEntity {
  /** sha256 hex of the cookie's value: the value itself is never stored. */
  @PrimaryColumn({ name: 'secret_hash', type: 'varchar', length: 64 }) secretHash!: string;
  /** sha256 hex of the token that signed in: the session is only as good as that token, at every request. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash!: string;
  /** The principal's user id at sign-in (the token's id, or `admin`): its sessions go when it is revoked. */
  @Index('browser_sessions_user')
  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ name: 'expires_at', type: 'varchar', length: 32 }) expiresAt!: string;
}
