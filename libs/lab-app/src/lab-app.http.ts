import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import {
  createValidationPipe,
  FieldErrorDto,
  ProblemDetailsDto,
  ProblemDetailsFilter,
  problemResponse,
} from '@lab/http-problems';
import { refusedEndpoint, untilAccepting } from './store-wait';

/** Where every example app serves its OpenAPI UI; the document is at `/docs/openapi.json`. */
export const LAB_APP_DOCS_PATH = 'docs';

/** What is an example app's own in its HTTP surface; the rest is the same in every example. */
export interface LabAppHttp {
  /** OpenAPI title, also the docs page's title. */
  title: string;
  description: string;
  /** Adds to the OpenAPI document what the app needs more, e.g. its security schemes. */
  document?: (builder: DocumentBuilder) => DocumentBuilder;
  /** The app's own errors translated before they are rendered (e.g. a store's constraint violation into a 409 problem). */
  translateError?: (error: unknown) => unknown;
}

/**
 * The HTTP setup modules cannot do themselves: RFC 9457 problem+json for every error, the strict
 * validation pipe, no `x-powered-by`, and OpenAPI at `/docs`. `main.ts` (through `bootstrapLabApp`)
 * and the tests that run an app in process both call it before `listen`.
 */
export function configureLabApp(app: INestApplication, http: LabAppHttp): INestApplication {
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(http.translateError));
  const builder = new DocumentBuilder()
    .setTitle(http.title)
    .setDescription(http.description)
    .setVersion('1.0.0')
    .addGlobalResponse({ status: 'default', ...problemResponse('Error (RFC 9457 problem details)') });
  const config = (http.document ? http.document(builder) : builder).build();
  SwaggerModule.setup(
    LAB_APP_DOCS_PATH,
    app,
    () => SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] }),
    {
      jsonDocumentUrl: `${LAB_APP_DOCS_PATH}/openapi.json`,
      customSiteTitle: http.title,
      patchDocumentOnRequest: <Req>(request: Req, _response: unknown, document: OpenAPIObject) =>
        servedUnder(forwardedPrefix((request as { headers: IncomingHttpHeaders }).headers), document),
    },
  );
  return app;
}

/**
 * The path prefix a reverse proxy serves the app under (`X-Forwarded-Prefix`, e.g. the control
 * API's `/api/sandboxes/<id>/app`), when it is a plain path. The docs page's assets are relative
 * and need nothing; its "Try it out" requests need the prefix.
 */
export function forwardedPrefix(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['x-forwarded-prefix'];
  const prefix = (Array.isArray(value) ? value[0] : value)?.replace(/\/+$/, '');
  return prefix && /^(\/[A-Za-z0-9._~-]+)+$/.test(prefix) ? prefix : undefined;
}

/** The document as seen through that prefix: its one server is the prefix (relative to the page's origin). */
function servedUnder(prefix: string | undefined, document: OpenAPIObject): OpenAPIObject {
  return prefix ? { ...document, servers: [{ url: prefix }] } : document;
}

export interface LabAppBootstrap {
  /** The example's name, for the log line. */
  name: string;
  http: LabAppHttp;
  /** The port to listen on, from the app's own configuration. */
  port: (app: INestApplication) => number;
  /**
   * Whether this run only prepares the stores and exits (the app's own configuration, e.g.
   * LAB_APP_SEED_ONLY): an image build bakes the migrated, seeded database with its seed template
   * this way, so that a sandbox of that image boots on the "kept" path.
   */
  seedOnly?: (app: INestApplication) => boolean;
}

/**
 * An example app's `main.ts`: create and initialise the app (its providers and init hooks migrate
 * and seed the stores, so listening means ready), listen. SIGTERM from `docker stop` runs the
 * shutdown hooks, which close the stores (and flush what an app still holds). A failed boot exits
 * non-zero with its error.
 */
export function bootstrapLabApp(module: Type, options: LabAppBootstrap): void {
  const run = async () => {
    const app = await initWhenStoresAnswer(module, (created) => {
      // A seed-only run serves nothing: no HTTP setup.
      if (!options.seedOnly?.(created)) configureLabApp(created, options.http);
    });
    if (options.seedOnly?.(app)) return seedAndExit(app, options.name);
    app.enableShutdownHooks();
    const port = options.port(app);
    await app.listen(port);
    new Logger('Bootstrap').log(
      `${options.name} example on port ${port} (docs: /${LAB_APP_DOCS_PATH}, health: /health)`,
    );
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * The stores' boot work is done (init ran the modules' init hooks); the shutdown hooks close the
 * stores. Exits explicitly: a client left with a timer must not keep an image build waiting.
 */
async function seedAndExit(app: INestApplication, name: string): Promise<void> {
  await app.close();
  new Logger('Bootstrap').log(`${name} example: stores prepared (seed only), exiting`);
  process.exit(0);
}

/** How long a boot waits for stores that are not up yet (their containers start with the app's). */
export const BOOT_WAIT_MS = 60_000;
/** The pause before another attempt when no refused endpoint says when (e.g. PostgreSQL's 57P03). */
const BOOT_RETRY_MS = 25;
/** Network errors of a server that is not listening yet, and PostgreSQL's "starting up" (57P03). */
const NOT_UP_YET = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', '57P03']);

/** Whether a boot failed only because a store (or another service) did not answer yet. */
export function isNotUpYet(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NOT_UP_YET.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isNotUpYet(inner, depth + 1))) return true;
  return isNotUpYet(cause, depth + 1);
}

/** How long an abandoned attempt may take to close what it opened before the next one starts. */
const ABANDON_CLOSE_MS = 2_000;

/**
 * Creates and initialises the app, again while its stores do not answer yet: an app's container
 * starts at the same time as its databases' (its Node modules load while they start), so the first
 * connection may be refused — in a provider's factory (create) or in an init hook (init: e.g. the
 * caching example prepares PostgreSQL and Redis in `onModuleInit`). Any other error, or one past
 * BOOT_WAIT_MS, fails the boot as before. `configure` runs between the two (global pipes and
 * filters must be in place before init registers the routes).
 */
export async function initWhenStoresAnswer(
  module: Type,
  configure: (app: INestApplication) => void,
): Promise<INestApplication> {
  const deadline = Date.now() + BOOT_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    let app: INestApplication | undefined;
    try {
      // abortOnError: false, so a failed boot throws here instead of exiting the process.
      app = await NestFactory.create(module, { abortOnError: false });
      configure(app);
      await app.init();
      return app;
    } catch (error) {
      if (!isNotUpYet(error) || Date.now() > deadline) throw error;
      if (attempt === 1) new Logger('Bootstrap').log('a store does not answer yet: trying again until it does');
      // What the attempt opened (a store that did answer, a timer) is closed before the next one.
      if (app) await closeWithin(app, ABANDON_CLOSE_MS);
      const refused = refusedEndpoint(error);
      if (refused) await untilAccepting(refused, deadline);
      else await new Promise((resolve) => setTimeout(resolve, BOOT_RETRY_MS));
    }
  }
}

async function closeWithin(app: INestApplication, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([app.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
