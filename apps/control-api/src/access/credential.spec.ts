import type { Principal } from './access-token.verifier';
import { Credential, CredentialVerifier, verifyOnce } from './credential';

/** Answers from a table that a test can change (a revocation), counting the questions. */
function countingVerifier(valid: Map<string, Principal>): CredentialVerifier & { calls: number } {
  const verifier = {
    calls: 0,
    verify: (credential: Credential) => {
      verifier.calls += 1;
      return Promise.resolve(valid.get(credential.scheme === 'bearer' ? credential.token : credential.secret));
    },
  };
  return verifier;
}

describe('verifyOnce', () => {
  const student: Principal = { userId: 's1', role: 'student' };
  const bearer: Credential = { scheme: 'bearer', token: 'student-token' };

  it('asks the verifier once per request and credential, and again for the next request', async () => {
    const valid = new Map([['student-token', student]]);
    const verifier = countingVerifier(valid);
    const request = {};
    await expect(verifyOnce(request, bearer, verifier)).resolves.toEqual(student);
    await expect(verifyOnce(request, { ...bearer }, verifier)).resolves.toEqual(student);
    expect(verifier.calls).toBe(1);

    valid.delete('student-token'); // revoked between two requests
    await expect(verifyOnce({}, bearer, verifier)).resolves.toBeUndefined();
    expect(verifier.calls).toBe(2);
  });

  it('asks again when the same request comes with another credential', async () => {
    const verifier = countingVerifier(new Map([['student-token', student]]));
    const request = {};
    await verifyOnce(request, bearer, verifier);
    await expect(verifyOnce(request, { scheme: 'session', secret: 'student-token' }, verifier)).resolves.toEqual(
      student,
    );
    await expect(verifyOnce(request, { scheme: 'bearer', token: 'other-token' }, verifier)).resolves.toBeUndefined();
    expect(verifier.calls).toBe(3);
  });
});
