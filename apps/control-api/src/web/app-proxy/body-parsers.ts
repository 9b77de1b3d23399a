import type { INestApplication } from '@nestjs/common';
import express, { type Request } from 'express';
import type { IncomingMessage } from 'node:http';
import { parseAppProxyUrl } from './app-proxy-path';

/**
 * Nest's JSON and form body parsers (same defaults), except for the app proxy: a body on its way
 * to a sandbox's app is streamed, never read into memory here. Registered before Nest's own: Nest
 * then adds none (it skips parsers already mounted under these names).
 */
export function useBodyParsersOutsideAppProxy(app: INestApplication): void {
  const parseUnlessProxied = (type: string) => (request: IncomingMessage) =>
    parseAppProxyUrl((request as Request).originalUrl ?? request.url ?? '') === undefined &&
    Boolean((request as Request).is(type));
  app.use(express.json({ type: parseUnlessProxied('application/json') }));
  app.use(express.urlencoded({ extended: true, type: parseUnlessProxied('application/x-www-form-urlencoded') }));
}
