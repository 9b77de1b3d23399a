/**
 * The schema, as plain SQL run at every boot (each statement is idempotent). Usernames are stored
 * lower-case, so `Alice` and `alice` are one account; the hash column holds the whole PHC string
 * (algorithm, parameters, salt and hash), which is all a verifier needs.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS users (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
     password_hash text NOT NULL,
     roles text[] NOT NULL DEFAULT '{student}',
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
];
