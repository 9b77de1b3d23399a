import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Role, ROLES } from '../access/access.decorator';
import { AccessTokenEntity } from './access-token.entity';

/** An access token as the rest of the app sees it: no ORM type leaves this file. */
export interface AccessTokenRecord {
  id: string;
  name: string;
  role: Role;
  tokenHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** Null: valid until revoked. */
  expiresAt: Date | null;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** The adapter between access tokens and the database. */
@Injectable()
export class TokensRepository {
  constructor(@InjectRepository(AccessTokenEntity) private readonly rows: Repository<AccessTokenEntity>) {}

  async insert(record: AccessTokenRecord): Promise<void> {
    await this.rows.insert(toEntity(record));
  }

  async list(): Promise<AccessTokenRecord[]> {
    const rows = await this.rows.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.flatMap((row) => toRecord(row) ?? []);
  }

  /** The token with this hash unless it was revoked (expiry is the verifier's check). */
  async findActiveByHash(tokenHash: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.rows.findOneBy({ tokenHash, revokedAt: IsNull() });
    return row ? toRecord(row) : undefined;
  }

  async hasActiveWithRole(role: Role): Promise<boolean> {
    return this.rows.existsBy({ role, revokedAt: IsNull() });
  }

  /** Moves an active token's expiry (a workshop extended); a revoked one stays revoked. */
  async setExpiry(id: string, expiresAt: Date): Promise<void> {
    await this.rows.update({ id, revokedAt: IsNull() }, { expiresAt: expiresAt.toISOString() });
  }

  async revoke(id: string, at: Date): Promise<RevokeOutcome> {
    const result = await this.rows.update({ id, revokedAt: IsNull() }, { revokedAt: at.toISOString() });
    if (result.affected) return 'revoked';
    return (await this.rows.existsBy({ id })) ? 'already-revoked' : 'not-found';
  }
}

function toEntity(record: AccessTokenRecord): AccessTokenEntity {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    tokenHash: record.tokenHash,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

/** `undefined` for a row whose role this version does not know: such a token grants nothing. */
function toRecord(row: AccessTokenEntity): AccessTokenRecord | undefined {
  if (!(ROLES as readonly string[]).includes(row.role)) return undefined;
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    tokenHash: row.tokenHash,
    createdAt: new Date(row.createdAt),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
  };
}
