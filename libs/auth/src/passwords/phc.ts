/**
 * The PHC string format argon2 stores: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
 * Parsing it lets us audit stored hashes (tests, rehash decisions) without trusting the library
 * that produced them.
 */
export interface Argon2Phc {
  algorithm: string;
  version: number;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: string;
  hash: string;
}

// Parameter order differs between implementations (the reference writes m,t,p; node-argon2 m,p,t),
// so parameters are read as a key=value list rather than by position.
const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export function parseArgon2Phc(encoded: string): Argon2Phc {
  const match = PHC.exec(encoded);
  if (!match) throw new Error('not an argon2 PHC string');
  const [, algorithm, version, parameterList, salt, hash] = match;
  const parameters = new Map(parameterList!.split(',').map((pair) => [pair[0]!, Number(pair.slice(2))]));
  const [memoryKiB, iterations, parallelism] = ['m', 't', 'p'].map((name) => parameters.get(name));
  if (memoryKiB === undefined || iterations === undefined || parallelism === undefined) {
    throw new Error('argon2 PHC string lacks m, t or p');
  }
  return {
    algorithm: algorithm!,
    version: Number(version),
    memoryKiB,
    iterations,
    parallelism,
    salt: salt!,
    hash: hash!,
  };
}
