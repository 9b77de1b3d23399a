import { BadRequestException, HttpStatus } from '@nestjs/common';
import { ProblemException, renderProblem, UNEXPECTED_DETAIL } from './problem-details';

describe('renderProblem', () => {
  it('renders domain problems with their type, reason and headers', () => {
    const rendered = renderProblem(
      new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'Slow down.', {
        type: 'urn:x',
        reason: 'limit',
        headers: { 'retry-after': '7' },
      }),
      '/auth/token',
    );
    expect(rendered).toEqual({
      problem: {
        type: 'urn:x',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Slow down.',
        instance: '/auth/token',
        reason: 'limit',
      },
      headers: { 'retry-after': '7' },
      unexpected: false,
    });
  });

  it("keeps Nest's and Express middleware's client errors, hides everything else", () => {
    expect(renderProblem(new BadRequestException('bad'), '/x').problem).toMatchObject({ status: 400, detail: 'bad' });
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(renderProblem(tooLarge, '/x')).toMatchObject({ problem: { status: 413 }, unexpected: false });
    const internal = Object.assign(new Error('password authentication failed'), { status: 500, expose: false });
    expect(renderProblem(internal, '/x')).toMatchObject({
      problem: { status: 500, detail: UNEXPECTED_DETAIL },
      unexpected: true,
    });
    expect(renderProblem('a string', '/x').problem.status).toBe(500);
  });
});
