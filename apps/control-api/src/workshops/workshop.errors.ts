import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class WorkshopNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `There is no workshop "${id}" that you lead.`, {
      type: problemType('workshop-not-found'),
      title: 'Workshop not found',
    });
  }
}

export class WorkshopFullException extends ProblemException {
  constructor(seats: number) {
    super(
      HttpStatus.CONFLICT,
      `The workshop is full: all ${seats} seats are taken. Ask your workshop leader for a seat.`,
      {
        type: problemType('workshop-full'),
        title: 'Workshop full',
      },
    );
  }
}

export class InvalidJoinCodeException extends ProblemException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'No running workshop has this join code. Check the code with your workshop leader.', {
      type: problemType('invalid-join-code'),
      title: 'Unknown join code',
    });
  }
}

export class InvalidWorkshopEndException extends ProblemException {
  constructor(detail: string, path = 'endsAt') {
    super(HttpStatus.BAD_REQUEST, detail, {
      type: problemType('invalid-workshop-end'),
      title: 'Invalid end of workshop',
      errors: [{ path, message: detail }],
    });
  }
}

export class UnknownSeatsException extends ProblemException {
  constructor(seats: number[], capacity: number) {
    super(HttpStatus.BAD_REQUEST, `No seat ${seats.join(', ')} in this workshop (seats 1-${capacity}).`, {
      type: problemType('unknown-seats'),
      title: 'Unknown seats',
      errors: [{ path: 'seats', message: `must be between 1 and ${capacity}` }],
    });
  }
}

export class SeatTakenException extends ProblemException {
  constructor(name: string, secretGiven: boolean) {
    const why = secretGiven
      ? 'the rejoin secret you sent is not the one this seat was given'
      : 'to rejoin your own seat, send the rejoin secret you got when you first joined (as "secret")';
    super(
      HttpStatus.CONFLICT,
      `The name "${name}" already holds a seat in this workshop: ${why}. Lost it? Ask your workshop leader to release the seat, or join with another name.`,
      {
        type: problemType('seat-taken'),
        title: 'Seat already taken',
      },
    );
  }
}

export class SeatNotFoundException extends ProblemException {
  constructor(seat: number, capacity: number) {
    super(HttpStatus.NOT_FOUND, `This workshop has no seat ${seat} (seats 1-${capacity}).`, {
      type: problemType('seat-not-found'),
      title: 'Seat not found',
    });
  }
}

export class WorkshopEndedException extends ProblemException {
  constructor(id: string, endedAt: Date) {
    super(HttpStatus.CONFLICT, `Workshop "${id}" ended at ${endedAt.toISOString()}; its seats are gone.`, {
      type: problemType('workshop-ended'),
      title: 'Workshop ended',
    });
  }
}
