import { initialSize, originAllowed, parseControlMessage, upgradeToken } from './terminal-protocol';

describe('terminal protocol', () => {
  it('reads a resize message', () => {
    expect(parseControlMessage('{"type":"resize","cols":120,"rows":40}')).toEqual({
      type: 'resize',
      cols: 120,
      rows: 40,
    });
  });

  it('reads an input message', () => {
    expect(parseControlMessage('{"type":"input","data":"ls\\r"}')).toEqual({ type: 'input', data: 'ls\r' });
  });

  it.each([
    'ls -l',
    '{"type":"resize","cols":0,"rows":40}',
    '{"type":"resize","cols":1.5,"rows":4}',
    '[1]',
    '{"type":"kill"}',
  ])('refuses %s as a control message', (text) => {
    expect(parseControlMessage(text)).toBeUndefined();
  });

  it('takes the initial size from the query, with 80x24 for what is missing or out of range', () => {
    expect([
      initialSize(new URLSearchParams('cols=132&rows=50')),
      initialSize(new URLSearchParams('cols=abc&rows=5000')),
    ]).toEqual([
      { cols: 132, rows: 50 },
      { cols: 80, rows: 24 },
    ]);
  });

  it('takes the token from the Authorization header first, else from a lab.token subprotocol', () => {
    expect([
      upgradeToken('Bearer abc', 'lab.terminal.v1, lab.token.xyz'),
      upgradeToken(undefined, 'lab.terminal.v1, lab.token.xyz'),
      upgradeToken(undefined, 'lab.terminal.v1'),
      upgradeToken(undefined, 'lab.token.'),
    ]).toEqual(['abc', 'xyz', undefined, undefined]);
  });

  it('allows no Origin, the own origin and configured ones; refuses the rest', () => {
    const own = 'http://127.0.0.1:3000';
    expect([
      originAllowed(undefined, own, []),
      originAllowed(own, own, []),
      originAllowed('https://lab.example.edu', own, ['https://lab.example.edu']),
      originAllowed('https://evil.example', own, ['https://lab.example.edu']),
      originAllowed('http://127.0.0.1:3001', own, []),
    ]).toEqual([true, true, true, false, false]);
  });
});
