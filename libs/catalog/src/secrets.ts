import { randomBytes } from 'node:crypto';

const SECRET_REFERENCE = /\$\{secret:([a-z][a-z0-9-]*)\}/g;

/** 144 bits from the CSPRNG, URL-safe, so it fits in a connection URL without escaping. */
export function generateSecret(): string {
  return randomBytes(18).toString('base64url');
}

export function generateSecrets(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, generateSecret()]));
}

/** Every `${secret:name}` referenced anywhere in a value (strings inside objects and arrays too). */
export function secretReferences(value: unknown): Set<string> {
  const found = new Set<string>();
  visitStrings(value, (text) => {
    for (const match of text.matchAll(SECRET_REFERENCE)) found.add(match[1]!);
  });
  return found;
}

/** A deep copy of `value` with every secret reference replaced by its value. */
export function fillSecrets<T>(value: T, secrets: Record<string, string>): T {
  return mapStrings(value, (text) =>
    text.replace(SECRET_REFERENCE, (_, name: string) => {
      const secret = secrets[name];
      if (secret === undefined) throw new Error(`secret "${name}" was not generated`);
      return secret;
    }),
  ) as T;
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  mapStrings(value, (text) => {
    visit(text);
    return text;
  });
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
