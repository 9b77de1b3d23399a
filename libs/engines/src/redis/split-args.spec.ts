import { StatementRejected } from '../errors';
import { splitRedisArgs } from './split-args';

const split = (line: string) => splitRedisArgs(line).map((arg) => arg.toString('utf8'));

describe('splitRedisArgs (as redis-cli splits a command line)', () => {
  it('splits on blanks, any number of them', () => {
    expect(split('  SET  key\tvalue \n')).toEqual(['SET', 'key', 'value']);
    expect(split('')).toEqual([]);
    expect(split('   ')).toEqual([]);
  });

  it('keeps blanks inside double and single quotes, and empty quoted arguments', () => {
    expect(split('SET "my key" \'a value\'')).toEqual(['SET', 'my key', 'a value']);
    expect(split('SET k ""')).toEqual(['SET', 'k', '']);
  });

  it('decodes the escapes of double quotes', () => {
    expect(split('"a\\nb\\rc\\td\\be\\af"')).toEqual(['a\nb\rc\td\be\x07f']);
    expect(split('"say \\"hi\\" \\\\ \\q"')).toEqual(['say "hi" \\ q']);
    expect(splitRedisArgs('"\\xff\\x00A"')[0]).toEqual(Buffer.from([0xff, 0x00, 0x41]));
    // \x without two hex digits is an ordinary escape of x
    expect(split('"\\xZ1"')).toEqual(['xZ1']);
  });

  it("takes only \\' as an escape inside single quotes", () => {
    expect(split("'it\\'s' 'a\\nb'")).toEqual(["it's", 'a\\nb']);
  });

  it('starts quoting in the middle of a word', () => {
    expect(split('a"b c"')).toEqual(['ab c']);
  });

  it('keeps non-ASCII text as UTF-8', () => {
    expect(split('SET k "Grüße 🙂"')).toEqual(['SET', 'k', 'Grüße 🙂']);
  });

  it('refuses unbalanced quotes', () => {
    expect(() => split('SET k "open')).toThrow(StatementRejected);
    expect(() => split("SET k 'open")).toThrow(/unbalanced quotes/);
    expect(() => split('SET k "ends with backslash\\')).toThrow(StatementRejected);
  });

  it('refuses a closing quote followed by more text', () => {
    expect(() => split('SET "a"b c')).toThrow(/closing quote must be followed by a space/);
    expect(() => split("SET 'a'b c")).toThrow(StatementRejected);
  });
});
