import { describe, expect, it } from '@jest/globals';
import { appendCapped, type LogEntry } from './log-buffer';

const line = (id: number): LogEntry => ({ id, stream: 'stdout', text: `line ${id}` });

describe('appendCapped', () => {
  it('appends while under the cap', () => {
    expect(appendCapped([line(1)], [line(2)], 3).map((entry) => entry.id)).toEqual([1, 2]);
  });

  it('drops the oldest lines beyond the cap', () => {
    expect(appendCapped([line(1), line(2)], [line(3), line(4)], 3).map((entry) => entry.id)).toEqual([2, 3, 4]);
  });
});
