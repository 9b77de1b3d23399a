import { StateEffect, StateField, type EditorState } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

/** Where the engine said the statement went wrong: a 1-based character position, as PostgreSQL gives it. */
export interface ErrorMark {
  position: number;
  message: string;
}

export const setErrorMark = StateEffect.define<ErrorMark | null>();

/**
 * The range to underline for an error at `position`: from that character to the end of its word
 * (the token the engine stumbled on), at least one character, clamped into the document.
 */
export function errorRange(doc: string, position: number): { from: number; to: number } {
  const from = Math.min(Math.max(position - 1, 0), Math.max(doc.length - 1, 0));
  const word = /^[\w$]+/.exec(doc.slice(from));
  const to = Math.min(doc.length, from + Math.max(word?.[0].length ?? 1, 1));
  return { from, to: Math.max(to, from) };
}

function decorate(state: EditorState, mark: ErrorMark): DecorationSet {
  const { from, to } = errorRange(state.doc.toString(), mark.position);
  if (to <= from) return Decoration.none;
  return Decoration.set([
    Decoration.mark({
      class: 'cm-lab-error',
      attributes: { title: mark.message, 'aria-label': `Error here: ${mark.message}` },
    }).range(from, to),
  ]);
}

/** The engine error's mark: set by the console after a 422, gone at the next edit. */
export const errorMarkField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setErrorMark)) return effect.value ? decorate(transaction.state, effect.value) : Decoration.none;
    }
    return transaction.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});
