import DOMPurify from 'dompurify';
import { Marked, type Token, type TokensList } from 'marked';

// A private instance: options set here do not leak into other pages' use of marked.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** A piece of a step's instructions: sanitised HTML, or a code block the page draws itself. */
export type InstructionPart = { kind: 'html'; html: string } | { kind: 'code'; language: string; text: string };

/**
 * HTML safe to put in the page: DOMPurify removes scripts, event handlers, `javascript:` links and
 * anything else a manifest could smuggle in (the manifests are the project's, but a page never
 * trusts HTML it did not make). Forms and frames are not instructions and are removed too.
 */
function sanitize(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'textarea', 'select'],
  });
}

/** A step's Markdown as sanitised HTML. */
export function renderMarkdown(markdown: string): string {
  return sanitize(marked.parse(markdown) as string);
}

/**
 * A step's Markdown in parts: the fenced code blocks on their own (the page gives SQL ones a button
 * that puts them in the console), everything between them as sanitised HTML.
 */
export function instructionParts(markdown: string): InstructionPart[] {
  const tokens = marked.lexer(markdown);
  const parts: InstructionPart[] = [];
  let pending: Token[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    // The parser resolves reference links through the list's `links`.
    const list = Object.assign(pending, { links: tokens.links }) as TokensList;
    parts.push({ kind: 'html', html: sanitize(marked.parser(list)) });
    pending = [];
  };
  for (const token of tokens) {
    if (token.type === 'code') {
      flush();
      parts.push({ kind: 'code', language: (token.lang ?? '').trim().toLowerCase(), text: token.text });
    } else {
      pending.push(token);
    }
  }
  flush();
  return parts;
}
