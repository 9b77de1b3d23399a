import { assertEgressPolicy, EgressPolicyMissingError } from './egress-check';

describe('assertEgressPolicy', () => {
  const missing = () => Promise.resolve({ ok: false as const, problems: ['the chain LAB-EGRESS does not exist'] });

  it('starts quietly when the policy is in place', async () => {
    await expect(
      assertEgressPolicy({ egress: 'enforce' }, () => Promise.resolve({ ok: true })),
    ).resolves.toBeUndefined();
  });

  it('refuses with what is missing and both ways out', async () => {
    const refusal = assertEgressPolicy({ egress: 'enforce' }, missing);
    await expect(refusal).rejects.toBeInstanceOf(EgressPolicyMissingError);
    await expect(refusal).rejects.toThrow(
      /network policy is missing[\s\S]*LAB-EGRESS does not exist[\s\S]*docker\/egress\.sh[\s\S]*LAB_EGRESS=open/,
    );
  });

  it('with LAB_EGRESS=open does not check and returns a warning naming what sandboxes may reach', async () => {
    const check = jest.fn(missing);
    await expect(assertEgressPolicy({ egress: 'open' }, check)).resolves.toMatch(/NOT checked.*169\.254\.169\.254/);
    expect(check).not.toHaveBeenCalled();
  });
});
