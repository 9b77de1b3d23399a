import { canAccessSandbox, listingOwner } from './sandbox-access';

const seat = { ownerId: 'student-1', leaderId: 'leader-1' };

describe('canAccessSandbox', () => {
  it('lets the owner, the leader of its workshop and admins in', () => {
    expect(canAccessSandbox({ userId: 'student-1', role: 'student' }, seat)).toBe(true);
    expect(canAccessSandbox({ userId: 'leader-1', role: 'leader' }, seat)).toBe(true);
    expect(canAccessSandbox({ userId: 'admin', role: 'admin' }, seat)).toBe(true);
  });

  it('keeps everyone else out, including other leaders and a student named like the leader', () => {
    expect(canAccessSandbox({ userId: 'student-2', role: 'student' }, seat)).toBe(false);
    expect(canAccessSandbox({ userId: 'leader-2', role: 'leader' }, seat)).toBe(false);
    expect(canAccessSandbox({ userId: 'leader-1', role: 'student' }, seat)).toBe(false);
    expect(canAccessSandbox({ userId: 'leader-1', role: 'leader' }, { ownerId: 'x', leaderId: null })).toBe(false);
  });
});

describe('listingOwner', () => {
  it('lists everyone’s for admins and one’s own for others', () => {
    expect(listingOwner({ userId: 'admin', role: 'admin' })).toBeUndefined();
    expect(listingOwner({ userId: 'l', role: 'leader' })).toBe('l');
  });
});
