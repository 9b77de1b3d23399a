import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: read aloud or copied from a projector, a code must survive being retyped. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 12; // 31^12 ≈ 2^59: unguessable within the rate limit and a workshop's lifetime

/** A short, unguessable code a leader hands out; only its hash is stored. */
export function generateJoinCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Case, spaces and dashes do not matter to the student typing it. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function hashJoinCode(code: string): string {
  return createHash('sha256').update(normalizeJoinCode(code)).digest('hex');
}
