import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

/** Also what another user's sandbox looks like: nobody learns that it exists. */
export class SandboxNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `There is no sandbox "${id}" that you can see.`, {
      type: problemType('sandbox-not-found'),
      title: 'Sandbox not found',
    });
  }
}

export class QuotaExceededException extends ProblemException {
  constructor(detail: string, retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, detail, {
      type: problemType('quota-exceeded'),
      title: 'Sandbox quota exceeded',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class IdempotencyKeyReusedException extends ProblemException {
  constructor() {
    super(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
      { type: problemType('idempotency-key-reused'), title: 'Idempotency key reused' },
    );
  }
}

export class InvalidIdempotencyKeyException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'The Idempotency-Key header must be 1-200 visible ASCII characters.', {
      type: problemType('invalid-idempotency-key'),
      title: 'Invalid Idempotency-Key',
    });
  }
}

export class TtlTooLongException extends ProblemException {
  constructor(maxMinutes: number) {
    super(HttpStatus.BAD_REQUEST, `A sandbox may live at most ${maxMinutes} minutes from now.`, {
      type: problemType('ttl-too-long'),
      title: 'TTL too long',
      errors: [{ path: 'ttlMinutes', message: `must not be greater than ${maxMinutes}` }],
    });
  }
}

export class SandboxGoneException extends ProblemException {
  constructor(id: string, state: string) {
    super(HttpStatus.CONFLICT, `Sandbox "${id}" is ${state}; it can no longer be changed.`, {
      type: problemType('sandbox-not-active'),
      title: 'Sandbox not active',
    });
  }
}

export class UnknownServiceException extends ProblemException {
  constructor(id: string, service: string, known: string[]) {
    super(HttpStatus.NOT_FOUND, `Sandbox "${id}" has no service "${service}". Its services: ${known.join(', ')}.`, {
      type: problemType('service-not-found'),
      title: 'Service not found',
    });
  }
}

/** In a request body an unknown example is a bad request (400), unlike a URL naming one (404). */
export class UnknownExampleException extends ProblemException {
  constructor(name: string, known: string[]) {
    super(
      HttpStatus.BAD_REQUEST,
      `There is no example "${name}" in the catalog.${known.length ? ` Known examples: ${known.join(', ')}.` : ''}`,
      {
        type: problemType('unknown-example'),
        title: 'Unknown example',
        errors: [{ path: 'example', message: 'must be the name of a catalog example' }],
      },
    );
  }
}

/** Open event and log streams are bounded per user: each holds a connection and a subscription. */
export class TooManyStreamsException extends ProblemException {
  constructor(limit: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      `You have ${limit} event or log streams open, the most allowed per user. Close one and try again.`,
      { type: problemType('too-many-streams'), title: 'Too many open streams', headers: { 'Retry-After': '5' } },
    );
  }
}

export class SeatEndsWithWorkshopException extends ProblemException {
  constructor(id: string, endsAt: Date) {
    super(
      HttpStatus.CONFLICT,
      `Sandbox "${id}" is a workshop seat: it ends with the workshop at ${endsAt.toISOString()} and cannot be extended past that.`,
      {
        type: problemType('seat-ends-with-workshop'),
        title: 'Seat ends with its workshop',
        extensions: { endsAt: endsAt.toISOString() },
      },
    );
  }
}
