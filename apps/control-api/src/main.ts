import 'reflect-metadata';
import { loadLabConfig } from '@lab/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { createHttpAdapter } from './http-adapter';
import { assertEgressPolicy, EgressPolicyMissingError } from './egress/egress-check';
import { OPENAPI_UI_PATH } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const config = loadLabConfig();
  // Before anything starts (database, reconciler, listener): without the policy, nothing runs.
  const egressWarning = await assertEgressPolicy(config);
  if (egressWarning) process.stderr.write(`WARNING: ${egressWarning}\n`);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(config), {
    bufferLogs: true,
    // Body parsing is configureApp's (body-parsers.ts): a sandbox's app gets its bodies unread.
    bodyParser: false,
  });
  await configureApp(app);
  app.enableShutdownHooks();
  const logger = new Logger('Bootstrap');
  if (egressWarning) logger.warn(egressWarning);
  await app.listen(config.port, config.host);
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.log(`Backend Lab control API on http://${shown}:${config.port} (health: /health, docs: /${OPENAPI_UI_PATH})`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof EgressPolicyMissingError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG: a missing host set-up, not a crash
  }
  throw error;
});
