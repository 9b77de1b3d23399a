import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config';
import { configureApp, DOCS_PATH } from './configure-app';

async function bootstrap(): Promise<void> {
  // Creating the app migrates and seeds the stores (see StoresModule): listening means ready.
  const app = await NestFactory.create(AppModule);
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`sql-vs-nosql on port ${config.port} (docs: /${DOCS_PATH}, health: /health)`);
}

void bootstrap();
