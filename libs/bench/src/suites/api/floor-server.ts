// A floor of `npm run bench -- api`, run as a process of its own (as the control API is): it
// answers GET /api/sandboxes and GET /api/sandboxes/:id with the answer the API gave (argument 2),
// to a request with a bearer token, and refuses one without (401; 403 from the guard). Nothing is
// looked up, checked or logged:
// - `node`: a bare `node:http` server, what the machine answers at all;
// - `nest-express`: Nest with its Express adapter (the API's framework), one controller and one
//   guard, the route prefix and `res.json` reply the API has: what the framework alone costs;
// - `nest-fastify`: the same app on Nest's Fastify adapter: what the framework would cost on it.
// Prints `listening <port>` once it listens on 127.0.0.1.
import 'reflect-metadata';
import { CanActivate, Controller, ExecutionContext, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FLOOR_KINDS, type FloorKind } from './floor-process';

const hasBearer = (request: Pick<IncomingMessage, 'headers'>) =>
  request.headers.authorization?.startsWith('Bearer ') === true;

function startNodeFloor(body: string): Promise<number> {
  const server = createServer((request, response) => {
    if (!hasBearer(request)) {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return hasBearer(context.switchToHttp().getRequest<IncomingMessage>());
  }
}

async function startNestFloor(adapter: 'express' | 'fastify', body: string): Promise<number> {
  const answer: unknown = JSON.parse(body);

  @Controller('sandboxes')
  @UseGuards(BearerGuard)
  class FloorController {
    @Get()
    list(): unknown {
      return answer;
    }

    @Get(':id')
    one(): unknown {
      return answer;
    }
  }

  @Module({ controllers: [FloorController], providers: [BearerGuard] })
  class FloorModule {}

  const app =
    adapter === 'express'
      ? await NestFactory.create(FloorModule, { logger: false })
      : await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
  if (adapter === 'express') {
    (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  }
  app.setGlobalPrefix('api');
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const [kind, body] = process.argv.slice(2) as [FloorKind, string | undefined];
  if (!FLOOR_KINDS.includes(kind) || body === undefined) {
    process.stderr.write(`usage: floor-server.ts ${FLOOR_KINDS.join('|')} <answer as JSON>\n`);
    process.exit(2);
  }
  const port =
    kind === 'node'
      ? await startNodeFloor(body)
      : await startNestFloor(kind === 'nest-express' ? 'express' : 'fastify', body);
  process.stdout.write(`listening ${port}\n`);
}

if (require.main === module) void main();
