import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class ExampleNotFoundException extends ProblemException {
  constructor(name: string, known: string[]) {
    super(
      HttpStatus.NOT_FOUND,
      `There is no example "${name}" in the catalog.${known.length ? ` Known examples: ${known.join(', ')}.` : ''}`,
      { type: problemType('example-not-found'), title: 'Example not found' },
    );
  }
}
