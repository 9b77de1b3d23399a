import DOMPurify from 'dompurify';
import { Marked } from 'marked';

// A private instance: options set here do not leak into other pages' use of marked.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * A lab step's Markdown as HTML safe to put in the page: marked renders it, DOMPurify removes
 * scripts, event handlers, `javascript:` links and anything else a manifest could smuggle in (the
 * manifests are the project's, but a page never trusts HTML it did not make). Forms and frames
 * are not instructions and are removed too.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'textarea', 'select'],
  });
}
