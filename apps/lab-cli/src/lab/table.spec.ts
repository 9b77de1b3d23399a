import { cellText, renderTable } from './table';

describe('renderTable', () => {
  it('pads every column to its widest cell under a dashed rule', () => {
    expect(
      renderTable(
        ['id', 'title'],
        [
          [1, 'Garden'],
          [10, 'Go'],
        ],
      ),
    ).toBe('id  title\n--  ------\n1   Garden\n10  Go\n');
  });

  it('shows NULL, JSON for objects and escapes newlines so a row stays on one line', () => {
    expect(renderTable(['a', 'b', 'c'], [[null, { k: [1] }, 'x\ny']])).toBe(
      'a     b          c\n----  ---------  ----\nNULL  {"k":[1]}  x\\ny\n',
    );
  });

  it('cuts cells longer than the maximum width with an ellipsis', () => {
    expect(renderTable(['t'], [['abcdefghij']], 5)).toBe('t\n-----\nabcd…\n');
  });

  it('prints only the header and the rule when there are no rows', () => {
    expect(renderTable(['id', 'name'], [])).toBe('id  name\n--  ----\n');
  });

  it('counts characters, not UTF-16 units, when padding', () => {
    expect(renderTable(['x', 'y'], [['é😀', 1]])).toBe('x   y\n--  -\né😀  1\n');
  });
});

describe('cellText', () => {
  it('writes booleans and numbers as they are', () => {
    expect([cellText(true), cellText(0), cellText('')]).toEqual(['true', '0', '']);
  });
});
