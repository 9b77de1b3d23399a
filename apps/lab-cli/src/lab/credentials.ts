import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from './exit-codes';
import { userConfigHome } from './user-environment';

/** What `lab login` keeps: where the API is and the bearer token (never printed). */
const credentialsSchema = z.object({ url: z.string().url(), token: z.string().min(1) });
export type Credentials = z.infer<typeof credentialsSchema>;

/** `$XDG_CONFIG_HOME/backend-lab`, or `~/.config/backend-lab` (the XDG default). */
export function configDir(): string {
  return join(userConfigHome(), 'backend-lab');
}

export function credentialsFile(): string {
  return join(configDir(), 'credentials.json');
}

/** Writes the file readable by its owner only: created 0600 under a 0700 folder, then renamed into place. */
export function saveCredentials(credentials: Credentials): string {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = credentialsFile();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The umask cannot widen 0600, but an existing file of the same name could have been looser.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** The stored credentials; a clear error (exit 1) when there are none or the file is not ours to trust. */
export function loadCredentials(): Credentials {
  const file = credentialsFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError('not logged in: run `lab login` first');
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new CliError(`${file} is readable by others; run \`chmod 600 ${file}\` or \`lab login\` again`);
  }
  const parsed = credentialsSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new CliError(`${file} is not a credentials file of lab; run \`lab login\` again`);
  return parsed.data;
}

/** Forgets the token; whether there was one. */
export function removeCredentials(): boolean {
  const file = credentialsFile();
  try {
    statSync(file);
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return true;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
