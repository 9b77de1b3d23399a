import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class SandboxNotReadyException extends ProblemException {
  constructor(id: string, state: string) {
    super(HttpStatus.CONFLICT, `Sandbox "${id}" is ${state}; its app is reachable once it is ready.`, {
      type: problemType('sandbox-not-ready'),
      title: 'Sandbox not ready',
      extensions: { state },
    });
  }
}

export class NoAppException extends ProblemException {
  constructor(id: string, example: string) {
    super(HttpStatus.NOT_FOUND, `Sandbox "${id}" (example "${example}") has no app to open.`, {
      type: problemType('no-app'),
      title: 'No app in this sandbox',
    });
  }
}

/** The app refused or dropped the connection, or answered with something that is not HTTP. */
export class AppUnreachableException extends ProblemException {
  constructor(id: string, reason: string) {
    super(
      HttpStatus.BAD_GATEWAY,
      `The app of sandbox "${id}" did not answer (${reason}). Check its logs, or reset the sandbox.`,
      {
        type: problemType('app-unreachable'),
        title: 'App not answering',
        reason,
      },
    );
  }
}

export class AppTimeoutException extends ProblemException {
  constructor(id: string, timeoutMs: number) {
    super(HttpStatus.GATEWAY_TIMEOUT, `The app of sandbox "${id}" did not start answering within ${timeoutMs} ms.`, {
      type: problemType('app-timeout'),
      title: 'App too slow',
    });
  }
}

export class AppRequestTooLargeException extends ProblemException {
  constructor(limit: number) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, `A request to a sandbox's app may carry at most ${limit} bytes.`, {
      type: problemType('app-request-too-large'),
      title: 'Request body too large',
      extensions: { limit },
      // The rest of the body is not worth reading: hang up after the answer.
      headers: { Connection: 'close' },
    });
  }
}

export class BadAppPathException extends ProblemException {
  constructor() {
    super(
      HttpStatus.BAD_REQUEST,
      'The path must not contain "." or ".." segments, nor encoded slashes, backslashes or NUL.',
      {
        type: problemType('bad-app-path'),
        title: 'Path not allowed',
      },
    );
  }
}

export class ForeignOriginUpgradeException extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.FORBIDDEN, detail, { type: problemType('foreign-origin'), title: 'Foreign origin' });
  }
}

/** A request under `…/app/~<grant>/` whose grant is unknown, expired, for another sandbox, or whose session ended. */
export class AppGrantInvalidException extends ProblemException {
  constructor() {
    super(
      HttpStatus.UNAUTHORIZED,
      "This view of the sandbox's app has expired or its session ended: open the app again from the workspace.",
      { type: problemType('app-view-expired'), title: 'App view expired' },
    );
  }
}
