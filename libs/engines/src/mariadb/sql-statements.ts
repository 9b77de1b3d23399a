/**
 * The statements of a MariaDB/MySQL text, split where the server would split them: at `;`
 * outside strings ('…', "…" with backslash escapes and doubled quotes), quoted identifiers
 * (`…`) and comments (`-- ` to the end of the line, `#` to the end of the line, `/* … *\/`).
 * Pieces holding only blanks and comments are dropped, so a trailing `;` or comment counts for
 * nothing. The server refuses several statements itself (multipleStatements is off), but only
 * with a syntax error: splitting here lets the console say what is wrong.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let significant = false;
  let i = 0;
  const flush = (end: number) => {
    if (significant) statements.push(text.slice(start, end).trim());
    start = end + 1;
    significant = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      significant = true;
      i = endOfQuoted(text, i, c);
    } else if (c === '#' || (c === '-' && next === '-' && (i + 2 >= text.length || /\s/.test(text[i + 2]!)))) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === ';') {
      flush(i);
      i += 1;
    } else {
      if (!/\s/.test(c)) significant = true;
      i += 1;
    }
  }
  flush(text.length);
  return statements;
}

/** Index just past the quoted run starting at `open` (to the end of the text when unclosed). */
function endOfQuoted(text: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}
