import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class TokenNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `No access token has the id ${id}.`, {
      type: problemType('token-not-found'),
      title: 'Token not found',
    });
  }
}
