import { Role, roleSatisfies, ROLES } from './access.decorator';

describe('roleSatisfies', () => {
  const cases: [Role, Role, boolean][] = [
    ['student', 'student', true],
    ['student', 'leader', false],
    ['student', 'admin', false],
    ['leader', 'student', true],
    ['leader', 'leader', true],
    ['leader', 'admin', false],
    ['admin', 'student', true],
    ['admin', 'leader', true],
    ['admin', 'admin', true],
  ];

  it.each(cases)('%s on a %s route: %s', (role, required, expected) => {
    expect(roleSatisfies(role, required)).toBe(expected);
  });

  it('orders the roles weakest first', () => {
    expect(ROLES).toEqual(['student', 'leader', 'admin']);
  });
});
