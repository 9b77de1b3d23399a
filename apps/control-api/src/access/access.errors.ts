import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';
import { Role } from './access.decorator';

/** 401: no usable bearer token. `WWW-Authenticate` follows RFC 6750 §3. */
export class AuthenticationRequiredException extends ProblemException {
  constructor(reason: 'missing' | 'invalid') {
    super(
      HttpStatus.UNAUTHORIZED,
      reason === 'missing'
        ? 'This route needs a bearer token: send "Authorization: Bearer <token>".'
        : 'The bearer token is not valid.',
      {
        type: problemType('authentication-required'),
        title: 'Authentication required',
        headers: { 'WWW-Authenticate': reason === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"' },
      },
    );
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
