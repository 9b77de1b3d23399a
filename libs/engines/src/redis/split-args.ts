import { StatementRejected } from '../errors';

const HEX = /^[0-9a-fA-F]$/;
const ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, a: 0x07 };
const isBlank = (c: string | undefined) =>
  c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';

/**
 * A command line split into arguments exactly as redis-cli does (Redis' `sdssplitargs`):
 * blanks separate arguments; "double quotes" take the escapes \n \r \t \b \a, \xHH (a byte) and
 * \<any> (that character); 'single quotes' take only \'; a quote may start in the middle of a
 * word (`a"b c"` is `ab c`); a closing quote must be followed by a blank or the end. Arguments are
 * bytes (\xHH need not be UTF-8). Unbalanced quotes, or a closing quote followed by more text,
 * are refused as redis-cli refuses them ("Invalid argument(s)").
 */
export function splitRedisArgs(line: string): Buffer[] {
  const args: Buffer[] = [];
  const text = [...line]; // code points: a character outside the BMP stays whole
  let i = 0;
  for (;;) {
    while (i < text.length && isBlank(text[i])) i += 1;
    if (i >= text.length) return args;
    const bytes: number[] = [];
    const push = (c: string) => bytes.push(...Buffer.from(c, 'utf8'));
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = text[i];
      if (inDouble) {
        if (c === undefined) throw unbalanced();
        if (c === '\\' && text[i + 1] === 'x' && HEX.test(text[i + 2] ?? '') && HEX.test(text[i + 3] ?? '')) {
          bytes.push(parseInt(`${text[i + 2]}${text[i + 3]}`, 16));
          i += 3;
        } else if (c === '\\' && text[i + 1] !== undefined) {
          i += 1;
          const escaped = text[i]!;
          const code = ESCAPES[escaped];
          if (code === undefined) push(escaped);
          else bytes.push(code);
        } else if (c === '"') {
          if (text[i + 1] !== undefined && !isBlank(text[i + 1])) throw quoteFollowed();
          done = true;
        } else {
          push(c);
        }
      } else if (inSingle) {
        if (c === undefined) throw unbalanced();
        if (c === '\\' && text[i + 1] === "'") {
          i += 1;
          push("'");
        } else if (c === "'") {
          if (text[i + 1] !== undefined && !isBlank(text[i + 1])) throw quoteFollowed();
          done = true;
        } else {
          push(c);
        }
      } else if (c === undefined || isBlank(c)) {
        done = true;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        push(c);
      }
      if (c !== undefined) i += 1;
    }
    args.push(Buffer.from(bytes));
  }
}

function unbalanced(): StatementRejected {
  return new StatementRejected('unbalanced quotes in the command (a quote opened and never closed)');
}

function quoteFollowed(): StatementRejected {
  return new StatementRejected('a closing quote must be followed by a space or the end of the command');
}
