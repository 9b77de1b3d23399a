import { BadRequestException, ConflictException, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import {
  GENERIC_PROBLEM_TYPE,
  ProblemException,
  problemType,
  renderProblem,
  UNEXPECTED_DETAIL,
} from './problem-details';

class SandboxNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `Sandbox ${id} does not exist.`, {
      type: problemType('sandbox-not-found'),
      title: 'Sandbox not found',
    });
  }
}

describe('renderProblem', () => {
  it('renders a domain error with its own type, title and detail', () => {
    expect(renderProblem(new SandboxNotFoundException('sb-1'), '/api/sandboxes/sb-1')).toEqual({
      problem: {
        type: 'urn:backend-lab:problem:sandbox-not-found',
        title: 'Sandbox not found',
        status: 404,
        detail: 'Sandbox sb-1 does not exist.',
        instance: '/api/sandboxes/sb-1',
      },
      headers: {},
      unexpected: false,
    });
  });

  it('is still an HttpException, so Nest treats it as one', () => {
    const error = new SandboxNotFoundException('sb-1');
    expect(error).toBeInstanceOf(HttpException);
    expect(error.getStatus()).toBe(404);
    expect(error.name).toBe('SandboxNotFoundException');
  });

  it('carries field errors and headers when given', () => {
    const error = new ProblemException(HttpStatus.UNAUTHORIZED, 'No token.', {
      headers: { 'WWW-Authenticate': 'Bearer' },
      errors: [{ path: 'a', message: 'b' }],
    });
    const rendered = renderProblem(error, '/x');
    expect(rendered.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(rendered.problem).toMatchObject({
      type: GENERIC_PROBLEM_TYPE,
      title: 'Unauthorized',
      errors: [{ path: 'a' }],
    });
  });

  it("renders Nest's own exceptions with their message as detail", () => {
    expect(renderProblem(new ConflictException('Sandbox sb-1 is already running.'), '/x').problem).toEqual({
      type: GENERIC_PROBLEM_TYPE,
      title: 'Conflict',
      status: 409,
      detail: 'Sandbox sb-1 is already running.',
      instance: '/x',
    });
    expect(renderProblem(new NotFoundException(), '/x').problem.detail).toBe('Not Found');
    expect(renderProblem(new BadRequestException(['a is wrong', 'b is wrong']), '/x').problem.detail).toBe(
      'a is wrong; b is wrong',
    );
    expect(renderProblem(new HttpException({ other: 1 }, 418), '/x').problem).toMatchObject({
      status: 418,
      title: "I'm a Teapot",
    });
  });

  it('hides the message and stack of an unknown error behind a generic 500', () => {
    const rendered = renderProblem(new Error('password=hunter2 at db.internal'), '/x');
    expect(rendered.unexpected).toBe(true);
    expect(rendered.problem).toEqual({
      type: GENERIC_PROBLEM_TYPE,
      title: 'Internal Server Error',
      status: 500,
      detail: UNEXPECTED_DETAIL,
      instance: '/x',
    });
    expect(JSON.stringify(rendered)).not.toContain('hunter2');
    expect(renderProblem('a thrown string', '/x').problem.status).toBe(500);
  });
});
