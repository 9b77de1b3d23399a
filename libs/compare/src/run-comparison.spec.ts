import { unreliableReasons } from './run-comparison';

describe('unreliable runs', () => {
  it('flags client CPU above 70 % and a schedule lagging for more than 1 % of operations', () => {
    expect(unreliableReasons(0.7, 0.01)).toEqual([]);
    expect(unreliableReasons(0.71, 0.011)).toEqual([
      'client CPU 71 % > 70 %',
      'schedule lagged for 1.1 % of operations > 1 %',
    ]);
  });
});
