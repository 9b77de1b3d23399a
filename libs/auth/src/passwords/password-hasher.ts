import * as argon2 from 'argon2';
import { parseArgon2Phc } from './phc';

export interface Argon2Policy {
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/**
 * OWASP Password Storage Cheat Sheet, argon2id minimum: 19 MiB, 2 iterations, 1 lane. Memory is
 * what makes GPU/ASIC guessing expensive; iterations trade CPU for it when memory is scarce.
 */
export const OWASP_ARGON2ID: Readonly<Argon2Policy> = Object.freeze({
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
});

/** The argon2 version this library writes (0x13); older hashes are upgraded on next login. */
const ARGON2_VERSION = 19;

/**
 * Hashes and verifies passwords with argon2id. The salt is random per hash and lives inside the
 * PHC string together with the parameters, so a policy change never breaks existing hashes: verify
 * reads the parameters from the stored string, and needsRehash tells the login flow to upgrade it.
 */
export class PasswordHasher {
  constructor(private readonly policy: Argon2Policy = OWASP_ARGON2ID) {
    if (policy.memoryKiB < OWASP_ARGON2ID.memoryKiB || policy.iterations < OWASP_ARGON2ID.iterations) {
      throw new Error('argon2id policy is weaker than the OWASP minimum (m=19456 KiB, t=2)');
    }
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.policy.memoryKiB,
      timeCost: this.policy.iterations,
      parallelism: this.policy.parallelism,
    });
  }

  /** False for a wrong password and for anything that is not an argon2 hash (never throws on input). */
  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false;
    }
  }

  /** True when the stored hash was made with another algorithm, version or parameters than today's policy. */
  needsRehash(stored: string): boolean {
    return needsRehash(stored, this.policy);
  }
}

export function needsRehash(stored: string, policy: Argon2Policy): boolean {
  let phc;
  try {
    phc = parseArgon2Phc(stored);
  } catch {
    return true;
  }
  return (
    phc.algorithm !== 'argon2id' ||
    phc.version !== ARGON2_VERSION ||
    phc.memoryKiB !== policy.memoryKiB ||
    phc.iterations !== policy.iterations ||
    phc.parallelism !== policy.parallelism
  );
}
