import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Paths the API owns; everything else is the web app's. */
const API_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * The web app's pages: what pages may load and where they may connect. Scripts and connections
 * only from this origin (the WebSocket of the terminal included) plus the page's own inline scripts,
 * each allowed by its hash (the guard that loads the page again when its code was cut in flight);
 * styles inline because Mantine sets them on elements; a sandbox's app is framed from this origin;
 * no one may frame the lab.
 */
export function webAppCsp(inlineScriptHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inlineScriptHashes.map((hash) => `'${hash}'`)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The CSP source of each inline `<script>` (one without `src`) of a page: `sha256-<base64>` of its text. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, text]) => `sha256-${createHash('sha256').update(text!, 'utf8').digest('base64')}`,
  );
}

interface PageShell {
  modifiedMs: number;
  html: Buffer;
  csp: string;
}

/** `index.html` with its CSP, read again only when a new build replaced it. */
function pageShellReader(index: string): () => PageShell | undefined {
  let shell: PageShell | undefined;
  return () => {
    let modifiedMs: number;
    try {
      modifiedMs = statSync(index).mtimeMs;
    } catch {
      return undefined;
    }
    if (shell?.modifiedMs !== modifiedMs) {
      const html = readFileSync(index);
      shell = { modifiedMs, html, csp: webAppCsp(inlineScriptHashes(html.toString('utf8'))) };
    }
    return shell;
  };
}

/**
 * Serves the built web app at `/` (README: "The web app"): hashed assets cached for a year,
 * `index.html` for every other page path a browser loads (the app routes in the browser) and never cached, so a
 * new build is picked up on the next load. API paths are never touched. Without a build, a page
 * path answers 503 with what to run.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<void> {
  const root = resolve(webDir);
  const pageShell = pageShellReader(join(root, 'index.html'));
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
    decorateReply: false,
    setHeaders: (reply) => void reply.header('X-Content-Type-Options', 'nosniff'),
  });
  // Before any route, as the Express middleware was: a page path never reaches Nest's router.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?')[0]!;
      if (
        (request.method !== 'GET' && request.method !== 'HEAD') ||
        API_PATHS.test(path) ||
        path.startsWith('/assets/')
      )
        return done();
      // Only a browser loading a page gets the app; any other client (curl, a script, a scraper) gets
      // the 404 problem of an unknown route, as it did before there was a web app.
      if (!(request.headers.accept ?? '').includes('text/html')) return done();
      const shell = pageShell();
      void reply
        .header('Content-Security-Policy', shell?.csp ?? webAppCsp())
        .header('X-Content-Type-Options', 'nosniff')
        .header('Referrer-Policy', 'same-origin')
        .header('Cache-Control', 'no-cache');
      if (!shell) {
        void reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(`The web app is not built: run "npm run build:web" (looked in ${root}).\n`);
        return;
      }
      void reply.type('text/html; charset=utf-8').send(shell.html);
    });
}
