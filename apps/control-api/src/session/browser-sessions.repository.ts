import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { BrowserSessionEntity } from './browser-session.entity';

/** A browser session as the rest of the app sees it: no ORM type leaves this file. */
export interface BrowserSessionRecord {
  secretHash: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The adapter between browser sessions and the database. */
@Injectable()
export class BrowserSessionsRepository {
  constructor(@InjectRepository(BrowserSessionEntity) private readonly rows: Repository<BrowserSessionEntity>) {}

  async insert(record: BrowserSessionRecord): Promise<void> {
    await this.rows.insert({
      secretHash: record.secretHash,
      tokenHash: record.tokenHash,
      userId: record.userId,
      createdAt: record.createdAt.toISOString(),
      expiresAt: record.expiresAt.toISOString(),
    });
  }

  async findBySecretHash(secretHash: string): Promise<BrowserSessionRecord | undefined> {
    const row = await this.rows.findOneBy({ secretHash });
    return row
      ? {
          secretHash: row.secretHash,
          tokenHash: row.tokenHash,
          userId: row.userId,
          createdAt: new Date(row.createdAt),
          expiresAt: new Date(row.expiresAt),
        }
      : undefined;
  }

  async ofUser(userId: string): Promise<BrowserSessionRecord[]> {
    return (await this.rows.findBy({ userId })).map((row) => ({
      secretHash: row.secretHash,
      tokenHash: row.tokenHash,
      userId: row.userId,
      createdAt: new Date(row.createdAt),
      expiresAt: new Date(row.expiresAt),
    }));
  }

  async setExpiry(secretHash: string, expiresAt: Date): Promise<void> {
    await this.rows.update({ secretHash }, { expiresAt: expiresAt.toISOString() });
  }

  async delete(secretHash: string): Promise<void> {
    await this.rows.delete({ secretHash });
  }

  async deleteOfUser(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }

  /** ISO-8601 strings in UTC compare like the times they name. */
  async deleteExpired(now: Date): Promise<void> {
    await this.rows.delete({ expiresAt: LessThanOrEqual(now.toISOString()) });
  }
}
