/**
 * A plain text table: a header row, then one line per row, columns padded to their widest cell and
 * two spaces apart. Cells are shown as text (null as `NULL`, objects as JSON); newlines and tabs in a
 * cell become visible escapes so one row stays one line. `maxWidth` cuts long cells with `…`.
 */
export function renderTable(headers: string[], rows: unknown[][], maxWidth = 60): string {
  const cells = [headers, ...rows.map((row) => headers.map((_, i) => cellText(row[i])))].map((row) =>
    row.map((cell) => clip(cell, maxWidth)),
  );
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head!), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

/** One value as a table cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

function clip(text: string, maxWidth: number): string {
  const chars = [...text];
  return chars.length <= maxWidth ? text : `${chars.slice(0, maxWidth - 1).join('')}…`;
}

/** Width in columns, counting code points (good enough for a terminal table of ASCII-ish data). */
function displayWidth(text: string): number {
  return [...text].length;
}
