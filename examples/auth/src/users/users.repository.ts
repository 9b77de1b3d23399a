import { Inject, Injectable } from '@nestjs/common';
import { AuthDatabase } from '../stores/database';

export interface UserRecord {
  id: number;
  username: string;
  passwordHash: string;
  roles: string[];
  createdAt: Date;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  roles: string[];
  created_at: Date;
}

const COLUMNS = 'id, username, password_hash, roles, created_at';

/** Users in PostgreSQL. Usernames arrive normalized (lower-case) from the DTOs. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(AuthDatabase) private readonly db: AuthDatabase) {}

  async find(username: string): Promise<UserRecord | undefined> {
    const [row] = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
    return row && toRecord(row);
  }

  /** Undefined when the username is taken (ON CONFLICT: no race between check and insert). */
  async create(username: string, passwordHash: string, roles: string[]): Promise<UserRecord | undefined> {
    const [row] = await this.db.query<UserRow>(
      `INSERT INTO users (username, password_hash, roles) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
      [username, passwordHash, roles],
    );
    return row && toRecord(row);
  }

  async updateHash(id: number, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`)).map(toRecord);
  }
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    roles: row.roles,
    createdAt: row.created_at,
  };
}
