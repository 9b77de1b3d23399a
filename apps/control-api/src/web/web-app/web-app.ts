import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Paths the API owns; everything else is the web app's. */
const API_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * The web app's pages: what pages may load and where they may connect. Scripts and connections
 * only from this origin (the WebSocket of the terminal included); styles inline because Mantine
 * sets them on elements; a sandbox's app is framed from this origin; no one may frame the lab.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
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

/**
 * Serves the built web app at `/` (README: "The web app"): hashed assets cached for a year,
 * `index.html` for every other page path a browser loads (the app routes in the browser) and never cached, so a
 * new build is picked up on the next load. API paths are never touched. Without a build, a page
 * path answers 503 with what to run.
 */
export function serveWebApp(app: INestApplication, webDir: string): void {
  const root = resolve(webDir);
  const index = join(root, 'index.html');
  const assets = express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', index: false });
  app.use('/assets', (request: Request, response: Response, next: NextFunction) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    assets(request, response, next);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(request.path)) return next();
    // Only a browser loading a page gets the app; any other client (curl, a script, a scraper) gets
    // the 404 problem of an unknown route, as it did before there was a web app.
    if (!(request.headers.accept ?? '').includes('text/html')) return next();
    response.setHeader('Content-Security-Policy', WEB_APP_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      response
        .status(503)
        .type('text/plain')
        .send(`The web app is not built: run "npm run build:web" (looked in ${root}).\n`);
      return;
    }
    response.sendFile(index);
  });
}
