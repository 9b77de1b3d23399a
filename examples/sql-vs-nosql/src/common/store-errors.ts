import { InsufficientStockError } from '@lab/seed';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@lab/http-problems';
import { problemType } from './problem-types';

/**
 * What the stores throw when the request, not the server, is at fault, as problems:
 *
 * - InsufficientStockError (any store): 409, the whole order was rolled back;
 * - RangeError from the libraries' own rules (a duplicate book in an order, an unknown customer or
 *   book in an order, a negative price): 400 with the library's message, which names the value;
 * - PostgreSQL constraint violations: 409 for unique and foreign keys (the data refuses the change,
 *   e.g. deleting a book that orders reference), 400 for CHECK and NOT NULL;
 * - MongoDB duplicate key (11000): 409.
 *
 * Anything else is a real failure and stays a 500.
 */
export function problemFromStoreError(error: unknown): ProblemException | undefined {
  if (error instanceof InsufficientStockError) {
    return new ProblemException(HttpStatus.CONFLICT, `${error.message}: nothing was written.`, {
      type: problemType('insufficient-stock'),
      title: 'Not enough stock',
    });
  }
  if (error instanceof RangeError) {
    return new ProblemException(HttpStatus.BAD_REQUEST, capitalise(error.message) + '.', {
      type: problemType('invalid-input'),
      title: 'Invalid input',
    });
  }
  const code = codeOf(error);
  const detail = detailOf(error);
  switch (code) {
    case '23505':
    case '23503':
      return new ProblemException(HttpStatus.CONFLICT, `The database refused the change: ${detail}`, {
        type: problemType(code === '23505' ? 'duplicate' : 'still-referenced'),
        title: code === '23505' ? 'Already exists' : 'Referenced or missing row',
      });
    case '23514':
    case '23502':
      return new ProblemException(HttpStatus.BAD_REQUEST, `The database refused the value: ${detail}`, {
        type: problemType('constraint-violated'),
        title: 'Constraint violated',
      });
    case 11000:
      return new ProblemException(HttpStatus.CONFLICT, `MongoDB refused a duplicate: ${detail}`, {
        type: problemType('duplicate'),
        title: 'Already exists',
      });
    default:
      return undefined;
  }
}

/** pg errors (and TypeORM's QueryFailedError, which copies them) carry a SQLSTATE `code`; MongoDB a number. */
function codeOf(error: unknown): string | number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

/** PostgreSQL's DETAIL names the key ("Key (email)=(…) already exists."); the message names the constraint. */
function detailOf(error: unknown): string {
  const { detail, message } = error as { detail?: unknown; message?: unknown };
  return typeof detail === 'string' && detail ? detail : String(message ?? 'constraint violated');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
