import { generateJoinCode, hashJoinCode, normalizeJoinCode } from './join-code';

describe('join codes', () => {
  it('are 12 unambiguous characters in groups of four, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => generateJoinCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it('hash the same however the student types them', () => {
    const code = generateJoinCode();
    expect(hashJoinCode(code.toLowerCase().replace(/-/g, ' '))).toBe(hashJoinCode(code));
    expect(normalizeJoinCode(' ab-cd ')).toBe('ABCD');
    expect(hashJoinCode(code)).not.toBe(hashJoinCode(generateJoinCode()));
  });
});
