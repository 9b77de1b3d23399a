import { sandboxBridgeName } from './network-options';

describe('sandboxBridgeName', () => {
  it('is a valid interface name (≤ 15 characters) for the longest sandbox id', () => {
    expect(sandboxBridgeName('a'.repeat(40), undefined)).toMatch(/^lab-[0-9a-f]{11}$/);
    expect(sandboxBridgeName('a'.repeat(40), 'internet')).toMatch(/^labx-[0-9a-f]{10}$/);
  });

  it('is the same for the same sandbox (adoption) and differs between sandboxes', () => {
    expect(sandboxBridgeName('s-1', 'none')).toBe(sandboxBridgeName('s-1', undefined));
    expect(sandboxBridgeName('s-1', 'none')).not.toBe(sandboxBridgeName('s-2', 'none'));
  });

  it('gives an egress sandbox a name the isolated rules (`lab-+`) do not match', () => {
    expect(sandboxBridgeName('s-1', 'internet').startsWith('lab-')).toBe(false);
  });
});
