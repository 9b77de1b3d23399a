import { splitSqlStatements } from './sql-statements';

describe('splitSqlStatements (MariaDB)', () => {
  it('keeps one statement with a trailing semicolon, blanks and comments as one', () => {
    expect(splitSqlStatements('SELECT 1;')).toEqual(['SELECT 1']);
    expect(splitSqlStatements('  SELECT 1 ; -- done\n  # really\n /* yes */ ')).toEqual(['SELECT 1']);
  });

  it('splits at semicolons outside strings, identifiers and comments', () => {
    expect(splitSqlStatements('SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(splitSqlStatements('SELECT \'a;b\', "c;d", `e;f`')).toHaveLength(1);
    expect(splitSqlStatements('SELECT 1 -- a; comment\n')).toHaveLength(1);
    expect(splitSqlStatements('SELECT 1 /* ; */ + 2')).toHaveLength(1);
    expect(splitSqlStatements('SELECT 1 # ; here\n')).toHaveLength(1);
  });

  it('knows escaped and doubled quotes', () => {
    expect(splitSqlStatements("SELECT 'it\\'s; fine'")).toHaveLength(1);
    expect(splitSqlStatements("SELECT 'it''s; fine'; SELECT 2")).toEqual(["SELECT 'it''s; fine'", 'SELECT 2']);
    expect(splitSqlStatements('SELECT `a``;b`')).toHaveLength(1);
  });

  it('treats -- without a following blank as two minus signs, as the server does', () => {
    expect(splitSqlStatements('SELECT 1--1; SELECT 2')).toEqual(['SELECT 1--1', 'SELECT 2']);
  });

  it('finds nothing in a text of blanks and comments', () => {
    expect(splitSqlStatements(' ; -- nothing\n;')).toEqual([]);
  });
});
