import { describe, expect, it } from '@jest/globals';
import { errorRange } from './error-mark';

describe('errorRange', () => {
  it('marks the word that starts at the 1-based position', () => {
    const doc = 'SELECT * FORM books';
    const { from, to } = errorRange(doc, 10);
    expect(doc.slice(from, to)).toBe('FORM');
  });

  it('marks one character when the position is on punctuation', () => {
    const doc = 'SELECT (1';
    expect(errorRange(doc, 8)).toEqual({ from: 7, to: 8 });
  });

  it('keeps a position past the end inside the text', () => {
    expect(errorRange('SELECT', 40)).toEqual({ from: 5, to: 6 });
  });
});
