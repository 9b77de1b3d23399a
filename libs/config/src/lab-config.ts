import { isIP } from 'node:net';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The one place the environment is read and validated; everything else receives a LabConfig. */
const environmentSchema = z.object({
  LAB_IMAGE_MODE: z.enum(['auto', 'official', 'offline']).default('auto'),
  DOCKER_SOCKET: z.string().min(1).default('/var/run/docker.sock'),
  // Which adapter of the runtime port runs the sandboxes: one Docker engine, or a Docker Swarm
  // (the engine at DOCKER_SOCKET must then be a swarm manager).
  LAB_RUNTIME: z.enum(['docker', 'swarm']).default('docker'),
  // Swarm placement constraints every sandbox service gets, separated by ";", e.g.
  // "node.labels.lab==sandboxes;node.role==worker".
  LAB_SWARM_CONSTRAINTS: z
    .string()
    .default('')
    .refine(
      (value) => value.split(';').every((c) => c.trim() === '' || /^[\w.-]+\s*(==|!=)\s*\S+$/.test(c.trim())),
      'must be constraints like "node.labels.lab==sandboxes", separated by ";"',
    ),
  LAB_DOCKER_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  LAB_IMAGE_TIMEOUT_MS: z.coerce.number().int().min(10_000).max(7_200_000).default(1_800_000),
  LAB_IMAGE_KIT: z.string().min(1).default('docker/images.yaml'),
  LAB_BENCH_DIR: z.string().min(1).default('bench-results'),
  LAB_EXAMPLES_DIR: z.string().min(1).default('examples'),
  // The built web app (`npm run build:web`), served at `/`.
  LAB_WEB_DIR: z.string().min(1).default('dist/web'),
  // The Chromium the browser tests and the screenshot script drive (Debian's by default).
  LAB_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
  MONGO_URL: z.string().url().optional(),
  // The control API's own state: an embedded SQLite file in this folder, unless DATABASE_URL is set.
  LAB_DATA_DIR: z.string().min(1).default('./data'),
  // Set (postgres://…) = PostgreSQL instead of SQLite; empty counts as unset.
  DATABASE_URL: z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional()),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback by default: a classroom on a LAN is served through a TLS reverse proxy (README).
  LAB_HOST: z.string().min(1).default('127.0.0.1'),
  // "open" = run without the sandbox network policy (docker/egress.sh) on purpose.
  LAB_EGRESS: z.enum(['enforce', 'open']).default('enforce'),
  // Which proxies' X-Forwarded-* headers to believe: off, a hop count, or addresses/subnets.
  LAB_TRUST_PROXY: z
    .string()
    .default('')
    .refine(
      isTrustProxy,
      'must be empty, "false", a hop count, or a comma list of addresses, subnets, "loopback", "linklocal", "uniquelocal"',
    ),
  // Where browsers reach the API (e.g. "https://lab.school.lan"): its origin is accepted as the
  // Origin of cookie-authenticated changes, besides the origin of the Host the request came to.
  LAB_PUBLIC_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .url()
      .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL')
      .optional(),
  ),
  // How long a browser sign-in (the session cookie) lasts at most; the token's own expiry and
  // revocation end it sooner.
  LAB_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // "on" = a Nest log line written while a request is handled carries that request's id. Off by
  // default: on Node 20 it takes async hooks on every promise, which cost the API about a quarter of
  // the requests it answers and made its slowest answers (README, "No request context…").
  LAB_LOG_REQUEST_CONTEXT: z.enum(['on', 'off']).default('off'),
  // Unset or empty = no admin token is accepted. Short tokens are rejected: they can be guessed.
  // How often the reconciler compares the database with Docker (it also runs at boot and on events).
  LAB_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  // Running (not deleted) sandboxes per user and in total: the machine's capacity, not a feature flag.
  LAB_QUOTA_PER_USER: z.coerce.number().int().min(1).max(1_000).default(3),
  LAB_QUOTA_TOTAL: z.coerce.number().int().min(1).max(10_000).default(40),
  LAB_DEFAULT_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(120),
  LAB_MAX_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(480),
  // Requests per minute per user (or per address before signing in).
  LAB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
  // Sandbox operations (provision, reset, destroy) running at once; more wait their turn.
  LAB_PROVISION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // How often the lab progress of workshop seats is evaluated (also on demand).
  LAB_PROGRESS_SECONDS: z.coerce.number().int().min(5).max(3_600).default(30),
  // Sandboxes whose user did nothing for this long are deleted; 0 = never.
  LAB_IDLE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(0),
  // A failed sandbox's containers are stopped at once and kept this long for their logs, then removed.
  LAB_FAILED_KEEP_MINUTES: z.coerce.number().int().min(0).max(10_080).default(30),
  // Open SSE streams (sandbox events, logs, workshop events) per user; the next one is refused (429).
  LAB_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1_000).default(8),
  // Terminals (WebSocket shells in a sandbox's toolbox) one user may hold open, detached ones included.
  LAB_TERMINALS_PER_USER: z.coerce.number().int().min(1).max(100).default(4),
  // The query console: the database's statement timeout, and the most rows/bytes one result returns.
  LAB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  LAB_QUERY_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  LAB_QUERY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(64 * 1_048_576)
    .default(1_048_576),
  // Console statements and lab step checks per user per minute (each one costs the sandbox's database).
  LAB_CONSOLE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  // Comparisons (POST /api/comparisons): how many run at once in all (one per user always), and the
  // longest and fastest a request may ask for (each runs in this process, engines one after another).
  LAB_COMPARE_MAX_RUNNING: z.coerce.number().int().min(1).max(16).default(2),
  LAB_COMPARE_MAX_DURATION_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  LAB_COMPARE_MAX_RATE: z.coerce.number().int().min(1).max(100_000).default(2000),
  // The example app through the control API (/api/sandboxes/:id/app/): how long the app may take to
  // start answering, and the largest request body passed on to it.
  LAB_APP_PROXY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LAB_APP_PROXY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(1_024 * 1_048_576)
    .default(10 * 1_048_576),
  // Pre-provisioned sandboxes per example, e.g. "caching=2,sql-vs-nosql=1".
  LAB_WARM_POOL: z
    .string()
    .regex(/^([a-z][a-z0-9-]*=\d{1,2})?(,[a-z][a-z0-9-]*=\d{1,2})*$/, 'must look like "example=2,other=1"')
    .default(''),
  LAB_ADMIN_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters long').optional(),
  ),
});

/** Express's `trust proxy` value: false, a number of hops, or a list of addresses/subnets/names. */
export type TrustProxy = false | number | string;

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isTrustProxy(value: string): boolean {
  if (value === '' || value === 'false' || /^\d{1,2}$/.test(value)) return true;
  return value.split(',').every((raw) => {
    const entry = raw.trim();
    if (PROXY_NAMES.includes(entry)) return true;
    const [address, bits, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    if (version === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  });
}

function trustProxy(value: string): TrustProxy {
  if (value === '' || value === 'false') return false;
  return /^\d{1,2}$/.test(value) ? Number(value) : value;
}

export interface LabConfig {
  port: number;
  /** Address the control API listens on. */
  host: string;
  /** "enforce": refuse to start without the sandbox network policy; "open": warn and run anyway. */
  egress: 'enforce' | 'open';
  /** Express `trust proxy`: whose X-Forwarded-For/-Proto decide the client address and scheme. */
  trustProxy: TrustProxy;
  /**
   * The origin (scheme://host[:port]) of LAB_PUBLIC_URL, where browsers reach the API; accepted as
   * the Origin of cookie-authenticated changes besides the request's own.
   */
  publicOrigin?: string;
  /** Longest life of a browser session (the session cookie). */
  sessionLifetimeMs: number;
  imageMode: 'auto' | 'official' | 'offline';
  imageKitPath: string;
  /** Folder of example folders, each with a lab.yaml. */
  examplesDir: string;
  /** Folder of the built web app (index.html + assets/), served at `/`. */
  webDir: string;
  /** The Chromium executable browser tests and screenshots drive (Playwright's own download is not used). */
  chromiumPath: string;
  benchDir: string;
  mongoUrl?: string;
  /** Folder of the control API's SQLite file (`lab.sqlite`); created at boot. */
  dataDir: string;
  /** PostgreSQL connection URL; when set, the state lives there instead of SQLite. Never log it. */
  databaseUrl?: string;
  logLevel: LogLevel;
  /** Nest log lines inside a request carry its id (LAB_LOG_REQUEST_CONTEXT). */
  logRequestContext: boolean;
  /** An admin bearer token from the environment; when unset, one is generated at first start. Never log it. */
  adminToken?: string;
  reconcileIntervalMs: number;
  quota: { perUser: number; total: number };
  ttl: { defaultMinutes: number; maxMinutes: number };
  rateLimitPerMinute: number;
  provisionConcurrency: number;
  progressIntervalMs: number;
  /** 0 = idle sandboxes are kept. */
  idleMs: number;
  /** How long a failed sandbox's stopped containers are kept (for their logs) before removal. */
  failedKeepMs: number;
  /** Open server-sent event streams allowed per user. */
  streamsPerUser: number;
  /** Terminals one user may hold open (attached or waiting for a reconnect). */
  terminalsPerUser: number;
  /** Query console limits (timeout enforced by the database) and its per-user rate (also lab checks). */
  console: { timeoutMs: number; maxRows: number; maxBytes: number; perMinute: number };
  /** Comparisons: running at once in all, and the most a request may ask for. */
  compare: { maxRunning: number; maxDurationSeconds: number; maxRate: number };
  /** The app reverse proxy: time until the app's response headers, and the largest request body. */
  appProxy: { timeoutMs: number; maxBodyBytes: number };
  /** Example name → number of ready sandboxes kept waiting to be claimed. */
  warmPool: Record<string, number>;
  docker: { socketPath: string; callTimeoutMs: number; imageTimeoutMs: number };
  /** The runtime adapter, and the Swarm adapter's placement constraints. */
  runtime: { kind: 'docker' | 'swarm'; swarmConstraints: string[] };
}

export function loadLabConfig(environment: NodeJS.ProcessEnv = process.env): LabConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.LAB_HOST,
    egress: env.LAB_EGRESS,
    trustProxy: trustProxy(env.LAB_TRUST_PROXY),
    publicOrigin: env.LAB_PUBLIC_URL === undefined ? undefined : new URL(env.LAB_PUBLIC_URL).origin,
    sessionLifetimeMs: env.LAB_SESSION_HOURS * 3_600_000,
    imageMode: env.LAB_IMAGE_MODE,
    imageKitPath: env.LAB_IMAGE_KIT,
    examplesDir: env.LAB_EXAMPLES_DIR,
    webDir: env.LAB_WEB_DIR,
    chromiumPath: env.LAB_CHROMIUM,
    benchDir: env.LAB_BENCH_DIR,
    mongoUrl: env.MONGO_URL,
    dataDir: env.LAB_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    logRequestContext: env.LAB_LOG_REQUEST_CONTEXT === 'on',
    adminToken: env.LAB_ADMIN_TOKEN,
    reconcileIntervalMs: env.LAB_RECONCILE_SECONDS * 1_000,
    quota: { perUser: env.LAB_QUOTA_PER_USER, total: env.LAB_QUOTA_TOTAL },
    ttl: {
      defaultMinutes: env.LAB_DEFAULT_TTL_MINUTES,
      maxMinutes: Math.max(env.LAB_MAX_TTL_MINUTES, env.LAB_DEFAULT_TTL_MINUTES),
    },
    rateLimitPerMinute: env.LAB_RATE_LIMIT_PER_MINUTE,
    provisionConcurrency: env.LAB_PROVISION_CONCURRENCY,
    progressIntervalMs: env.LAB_PROGRESS_SECONDS * 1_000,
    idleMs: env.LAB_IDLE_MINUTES * 60_000,
    failedKeepMs: env.LAB_FAILED_KEEP_MINUTES * 60_000,
    streamsPerUser: env.LAB_STREAMS_PER_USER,
    terminalsPerUser: env.LAB_TERMINALS_PER_USER,
    console: {
      timeoutMs: env.LAB_QUERY_TIMEOUT_MS,
      maxRows: env.LAB_QUERY_MAX_ROWS,
      maxBytes: env.LAB_QUERY_MAX_BYTES,
      perMinute: env.LAB_CONSOLE_PER_MINUTE,
    },
    compare: {
      maxRunning: env.LAB_COMPARE_MAX_RUNNING,
      maxDurationSeconds: env.LAB_COMPARE_MAX_DURATION_SECONDS,
      maxRate: env.LAB_COMPARE_MAX_RATE,
    },
    appProxy: { timeoutMs: env.LAB_APP_PROXY_TIMEOUT_MS, maxBodyBytes: env.LAB_APP_PROXY_MAX_BODY_BYTES },
    warmPool: Object.fromEntries(
      env.LAB_WARM_POOL.split(',')
        .filter(Boolean)
        .map((pair) => pair.split('='))
        .map(([example, count]) => [example!, Number(count)]),
    ),
    docker: {
      socketPath: env.DOCKER_SOCKET,
      callTimeoutMs: env.LAB_DOCKER_TIMEOUT_MS,
      imageTimeoutMs: env.LAB_IMAGE_TIMEOUT_MS,
    },
    runtime: {
      kind: env.LAB_RUNTIME,
      swarmConstraints: env.LAB_SWARM_CONSTRAINTS.split(';')
        .map((constraint) => constraint.trim())
        .filter(Boolean),
    },
  };
}
