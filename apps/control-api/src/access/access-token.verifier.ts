import { Role } from './access.decorator';

/** Who a valid bearer token belongs to. */
export interface Principal {
  userId: string;
  role: Role;
}

/** Port: turns a bearer token into a principal; `undefined` when the token is not valid. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Principal | undefined>;
}

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
