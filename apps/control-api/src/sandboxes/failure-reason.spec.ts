import { failureReason } from './failure-reason';

describe('failureReason', () => {
  it('removes every secret of the sandbox from the message', () => {
    const reason = failureReason(new Error('auth failed for s3cretPassw0rd (was s3cretPassw0rd)'), {
      'pg-password': 's3cretPassw0rd',
    });
    expect(reason).toBe('auth failed for [redacted] (was [redacted])');
  });

  it('keeps it on one short line', () => {
    const reason = failureReason(new Error(`line one\nline two ${'x'.repeat(500)}`), {});
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThanOrEqual(300);
  });

  it('describes things that are not errors', () => {
    expect(failureReason('plain', {})).toBe('plain');
    expect(failureReason(new Error(''), {})).toBe('unknown error');
  });
});
