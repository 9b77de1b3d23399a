import type { PasswordHasher } from '@lab/auth';
import type { AuthDatabase } from './database';
import { SEED_USERS } from './seed';

/** Inserts the seed users in order (ids 1, 2, 3 …); existing usernames are left alone. */
export async function seedUsers(db: AuthDatabase, hasher: PasswordHasher): Promise<void> {
  for (const user of SEED_USERS) {
    await db.query(
      `INSERT INTO users (username, password_hash, roles) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING`,
      [user.username, await hasher.hash(user.password), user.roles],
    );
  }
}
