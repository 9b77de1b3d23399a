import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { CACHING_CONFIG, type CachingConfig } from './config';
import { configureApp, OPENAPI_UI_PATH } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  configureApp(app);
  // SIGTERM from `docker stop` runs the shutdown hooks: write-behind flushes what it still holds.
  app.enableShutdownHooks();
  const config = app.get<CachingConfig>(CACHING_CONFIG);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`caching example on port ${config.port} (docs: /${OPENAPI_UI_PATH}, health: /health)`);
}

void bootstrap();
