import { LabConfig, loadLabConfig } from '@lab/config';
import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppModule } from '../../../apps/control-api/src/app.module';
import { LAB_CONFIG } from '../../../apps/control-api/src/config.provider';
import { configureApp } from '../../../apps/control-api/src/configure-app';
import { createHttpAdapter } from '../../../apps/control-api/src/http-adapter';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOG_DESTINATION } from '../../../apps/control-api/src/logging/logging.module';
import { LAB_INSTANCE } from '../../../apps/control-api/src/settings/lab-instance';
import { SettingsRepository } from '../../../apps/control-api/src/settings/settings.repository';
import { testInstanceId } from '../../support/test-labels';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** Every line the app logged, kept in memory so a test can read it (and the jest output stays quiet). */
export class LogCapture extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }

  entries(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface ControlApi {
  app: INestApplication;
  base: string;
  logs: LogCapture;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra controllers declared by the test (never shipped). */
  controllers?: Type[];
  config?: Partial<LabConfig>;
  /** Provider overrides, e.g. a fake token verifier. */
  overrides?: { token: unknown; useValue: unknown }[];
  /**
   * The address to listen on (default 127.0.0.1), e.g. `0.0.0.0` to be reached on the machine's
   * network address as another machine would. `base` stays on loopback either way.
   */
  host?: string;
}

/** The real AppModule with the production HTTP setup (configureApp), on a free local port. */
export async function startControlApi(options: StartOptions = {}): Promise<ControlApi> {
  // nestjs-pino writes lines made outside a request's context (all of them unless
  // LAB_LOG_REQUEST_CONTEXT is on) through the first logger of the process: each app started here
  // is to write to its own capture, as it would in a process of its own.
  __resetOutOfContextForTests();
  const logs = new LogCapture();
  // A fresh SQLite folder per app unless the test brings its own (e.g. to restart on the same data).
  const ownDataDir = options.config?.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'lab-e2e-')) : undefined;
  const config: LabConfig = {
    ...loadLabConfig(),
    logLevel: 'info',
    adminToken: ADMIN_TOKEN,
    ...(ownDataDir ? { dataDir: ownDataDir } : {}),
    ...options.config,
  };
  let builder = Test.createTestingModule({ imports: [AppModule], controllers: options.controllers ?? [] })
    .overrideProvider(LAB_CONFIG)
    .useValue(config)
    .overrideProvider(LOG_DESTINATION)
    .useValue(logs)
    // Stored and reloaded exactly as in production, only named `test-<pid>-…`: the global teardown
    // recognises the sandboxes of an API whose test run was killed.
    .overrideProvider(LAB_INSTANCE)
    .useFactory({
      factory: async (settings: SettingsRepository) => ({
        id: await settings.getOrCreate('instance-id', testInstanceId),
      }),
      inject: [SettingsRepository],
    });
  for (const override of options.overrides ?? []) {
    builder = builder.overrideProvider(override.token).useValue(override.useValue);
  }
  const removeDataDir = () => ownDataDir && rmSync(ownDataDir, { recursive: true, force: true });
  let app: NestFastifyApplication | undefined;
  try {
    const moduleRef = await builder.compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
      bufferLogs: true,
      bodyParser: false,
    });
    await configureApp(app);
    await app.listen(0, options.host ?? '127.0.0.1');
  } catch (error) {
    // Nothing left running when the API does not come up.
    await app?.close().catch(() => undefined);
    removeDataDir();
    throw error;
  }
  const started = app;
  const base =
    options.host === undefined
      ? (await started.getUrl()).replace('[::1]', '127.0.0.1')
      : `http://127.0.0.1:${((started.getHttpServer() as Server).address() as AddressInfo).port}`;
  const close = async () => {
    try {
      await started.close();
    } finally {
      removeDataDir();
    }
  };
  return { app: started, base, logs, close };
}
