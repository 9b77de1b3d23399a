import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';
import { Role } from './access.decorator';

const UNAUTHENTICATED_DETAIL = {
  missing: 'This route needs a bearer token: send "Authorization: Bearer <token>".',
  invalid: 'The bearer token is not valid.',
  session: 'Your browser session has ended (signed out, expired, or its token was revoked): sign in again.',
  'invalid-sign-in': 'The token is not valid: unknown, expired or revoked.',
} as const;

/**
 * 401: no usable credential — no bearer token, a bad one, a browser session that ended, or a
 * sign-in with a bad token. `WWW-Authenticate` follows RFC 6750 §3.
 */
export class AuthenticationRequiredException extends ProblemException {
  constructor(reason: keyof typeof UNAUTHENTICATED_DETAIL) {
    super(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED_DETAIL[reason], {
      type: problemType('authentication-required'),
      title: 'Authentication required',
      headers: {
        'WWW-Authenticate': reason === 'missing' || reason === 'session' ? 'Bearer' : 'Bearer error="invalid_token"',
      },
    });
  }
}

/** 403: a valid token whose role is below the route's. */
export class InsufficientRoleException extends ProblemException {
  constructor(required: Role, actual: Role) {
    super(HttpStatus.FORBIDDEN, `This route needs the ${required} role or above; your role is ${actual}.`, {
      type: problemType('insufficient-role'),
      title: 'Insufficient role',
    });
  }
}

/** 403: a change authenticated by the session cookie without this API's Origin (origin-rule.ts). */
export class ForeignOriginException extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.FORBIDDEN, detail, { type: problemType('foreign-origin'), title: 'Origin not allowed' });
  }
}
