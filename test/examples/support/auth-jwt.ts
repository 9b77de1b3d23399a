import { createHmac } from 'node:crypto';

/**
 * Hand-made JWTs for the attacks the app must refuse. Plain node:crypto on purpose: jose is
 * ESM-only (not loadable in jest on Node 20), and writing the three parts by hand shows there is
 * nothing more to a JWT than base64url JSON and an HMAC.
 */
export function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: Uint8Array): string {
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

/** `alg: none` and no signature: what a naive verifier that trusts the header accepts. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${part({ alg: 'none', typ: 'at+jwt' })}.${part(claims)}.`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.');
  return { header: JSON.parse(unpart(header!)), claims: JSON.parse(unpart(claims!)) };
}

function part(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function unpart(text: string): string {
  return Buffer.from(text, 'base64url').toString('utf8');
}
