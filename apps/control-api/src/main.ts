import 'reflect-metadata';
import { LabConfig } from '@lab/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { LAB_CONFIG } from './config.provider';
import { configureApp } from './configure-app';
import { OPENAPI_UI_PATH } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<LabConfig>(LAB_CONFIG);
  await app.listen(config.port);
  new Logger('Bootstrap').log(
    `Backend Lab control API on http://localhost:${config.port} (health: /health, docs: /${OPENAPI_UI_PATH})`,
  );
}

void bootstrap();
