import { configureLabApp } from '@lab/lab-app';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../../examples/sql-vs-nosql/src/app.module';
import { APP_CONFIG, AppConfig } from '../../../examples/sql-vs-nosql/src/config';
import { SQL_VS_NOSQL_HTTP } from '../../../examples/sql-vs-nosql/src/app-http';

export interface RunningApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/**
 * The sql-vs-nosql app in this process, with the production module and HTTP setup (configureApp),
 * only its configuration replaced: the stores are the real ones the caller provisioned.
 */
export async function startSqlVsNosqlApp(config: AppConfig): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureLabApp(app, SQL_VS_NOSQL_HTTP);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export interface Answer<T = unknown> {
  status: number;
  contentType: string;
  location: string | null;
  body: T;
}

/** A small JSON client: the body parsed when there is one, the raw text otherwise. */
export function httpClient(baseUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON they expect
  return async <T = any>(method: string, path: string, body?: unknown, rawBody?: string): Promise<Answer<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined && rawBody === undefined ? {} : { 'content-type': 'application/json' },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. the Swagger UI page): keep the text.
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      location: response.headers.get('location'),
      body: parsed as T,
    };
  };
}
