import type { ConnectionParts } from './driver';

/** `user:password@` percent-encoded, or nothing when neither is given. */
export function userInfo(parts: ConnectionParts, defaultUser?: string): string {
  const username = parts.username ?? (parts.password ? defaultUser : undefined);
  const user = username ? encodeURIComponent(username) : '';
  const password = parts.password ? encodeURIComponent(parts.password) : '';
  return user || password ? `${user}${password ? `:${password}` : ''}@` : '';
}

/** `/database` percent-encoded, or nothing. */
export function databasePath(parts: ConnectionParts): string {
  return parts.database ? `/${encodeURIComponent(parts.database)}` : '';
}
