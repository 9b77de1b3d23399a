import { MariaSQL, PostgreSQL, sql } from '@codemirror/lang-sql';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { errorMarkField, setErrorMark, type ErrorMark } from './error-mark';

export type EditorLanguage = 'postgresql' | 'mariadb' | 'plain';

export interface StatementEditorProps {
  /** The accessible name of the text box, e.g. "Statement for postgres (PostgreSQL)". */
  label: string;
  language: EditorLanguage;
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  errorMark: ErrorMark | null;
}

function languageOf(language: EditorLanguage): Extension {
  if (language === 'postgresql') return sql({ dialect: PostgreSQL, upperCaseKeywords: true });
  if (language === 'mariadb') return sql({ dialect: MariaSQL, upperCaseKeywords: true });
  return [];
}

// Gutter and placeholder colours with enough contrast for WCAG AA (CodeMirror's defaults are lighter);
// the error mark is underlined, not only red.
const theme = EditorView.theme({
  '&': { fontSize: '14px', border: '1px solid var(--mantine-color-default-border)', borderRadius: '4px' },
  '&.cm-focused': { outline: '2px solid var(--mantine-color-blue-filled)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mantine-font-family-monospace)', minHeight: '120px' },
  '.cm-scroller': { maxHeight: '320px' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    borderRight: '1px solid var(--mantine-color-default-border)',
  },
  '.cm-lab-error': {
    textDecoration: 'underline wavy var(--mantine-color-red-text)',
    textUnderlineOffset: '3px',
    backgroundColor: 'var(--mantine-color-red-light)',
  },
});

/**
 * CodeMirror 6 for one console statement. The view is made once per language (a service switch
 * remounts it); the text is the parent's, pushed in only when it differs (a history item loaded).
 */
export function StatementEditor({ label, language, value, onChange, onRun, errorMark }: StatementEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, read by the extensions made once.
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          // Before basicSetup's own Mod-Enter (insert a blank line): here it runs the statement.
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: () => {
                  callbacks.current.onRun();
                  return true;
                },
              },
            ]),
          ),
          basicSetup,
          languageOf(language),
          errorMarkField,
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The text is synchronised below; a new view only for another language or label.
  }, [language, label]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setErrorMark.of(errorMark) });
  }, [errorMark]);

  return <div ref={host} data-testid="statement-editor" />;
}
