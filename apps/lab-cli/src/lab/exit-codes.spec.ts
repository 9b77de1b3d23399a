import { LabApiError } from '@lab/api-client';
import { CliError, ExitCode, exitCodeFor, exitCodeForStatus } from './exit-codes';

const problem = (status: number, slug: string) => ({
  type: `urn:backend-lab:problem:${slug}`,
  title: slug,
  status,
  detail: slug,
  instance: '/api/x',
});

describe('exitCodeForStatus', () => {
  it('maps 404 to not found (3)', () => {
    expect(exitCodeForStatus(404, 'urn:backend-lab:problem:sandbox-not-found')).toBe(ExitCode.notFound);
  });

  it('maps every 429 to refused (4)', () => {
    expect([exitCodeForStatus(429), exitCodeForStatus(429, 'urn:backend-lab:problem:quota-exceeded')]).toEqual([
      ExitCode.refused,
      ExitCode.refused,
    ]);
  });

  it('maps a quota or limit problem with another status to refused (4)', () => {
    expect(exitCodeForStatus(409, 'urn:backend-lab:problem:workshop-full')).toBe(ExitCode.refused);
  });

  it('maps other conflicts, bad requests, auth failures and server errors to 1', () => {
    expect([
      exitCodeForStatus(409, 'urn:backend-lab:problem:sandbox-not-active'),
      exitCodeForStatus(400),
      exitCodeForStatus(401),
      exitCodeForStatus(403, 'urn:backend-lab:problem:insufficient-role'),
      exitCodeForStatus(500),
      exitCodeForStatus(503),
    ]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('does not take a slug that only ends like a refusal for one', () => {
    expect(exitCodeForStatus(409, 'urn:backend-lab:problem:not-a-workshop-full')).toBe(ExitCode.error);
  });
});

describe('exitCodeFor', () => {
  it('uses the status and problem of an API error', () => {
    expect([
      exitCodeFor(new LabApiError('/api/sandboxes/x', 404, problem(404, 'sandbox-not-found'), undefined)),
      exitCodeFor(new LabApiError('/api/workshops/join', 409, problem(409, 'workshop-full'), undefined)),
    ]).toEqual([ExitCode.notFound, ExitCode.refused]);
  });

  it('uses the code a CLI error carries, and 1 for anything else', () => {
    expect([exitCodeFor(new CliError('usage', ExitCode.usage)), exitCodeFor(new Error('boom'))]).toEqual([2, 1]);
  });
});
