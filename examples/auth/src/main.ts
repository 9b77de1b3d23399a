import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AUTH_CONFIG, type AuthAppConfig } from './config';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<AuthAppConfig>(AUTH_CONFIG);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`auth example on port ${config.port} (health: /health, docs: /docs)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
