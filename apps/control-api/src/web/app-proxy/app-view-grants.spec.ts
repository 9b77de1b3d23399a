import type { Credential } from '../../access/credential';
import { AppViewGrants, GRANT_TTL_MS } from './app-view-grants';

class ClockedGrants extends AppViewGrants {
  clock = 1_000_000;
  protected override now(): number {
    return this.clock;
  }
}

const alice: Credential = { scheme: 'session', secret: 'alice-session' };
const bob: Credential = { scheme: 'session', secret: 'bob-session' };

describe('AppViewGrants', () => {
  it('stands for the credential that asked, for that sandbox only', () => {
    const grants = new ClockedGrants();
    const grant = grants.issue('sb-0000000000000001', alice);
    expect(grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(grants.credentialFor(grant, 'sb-0000000000000001')).toEqual(alice);
    expect(grants.credentialFor(grant, 'sb-0000000000000002')).toBeUndefined();
    expect(grants.credentialFor('x'.repeat(43), 'sb-0000000000000001')).toBeUndefined();
  });

  it('gives each credential its own grant and reuses it on the next navigation', () => {
    const grants = new ClockedGrants();
    const first = grants.issue('sb-0000000000000001', alice);
    expect(grants.issue('sb-0000000000000001', alice)).toBe(first);
    expect(grants.issue('sb-0000000000000001', bob)).not.toBe(first);
  });

  it('ends after its lifetime, and a navigation past half of it gets a fresh one', () => {
    const grants = new ClockedGrants();
    const first = grants.issue('sb-0000000000000001', alice);
    grants.clock += GRANT_TTL_MS / 2 + 1;
    const second = grants.issue('sb-0000000000000001', alice);
    expect(second).not.toBe(first);
    expect(grants.credentialFor(first, 'sb-0000000000000001')).toEqual(alice);
    grants.clock += GRANT_TTL_MS / 2;
    expect(grants.credentialFor(first, 'sb-0000000000000001')).toBeUndefined();
    expect(grants.credentialFor(second, 'sb-0000000000000001')).toEqual(alice);
  });
});
