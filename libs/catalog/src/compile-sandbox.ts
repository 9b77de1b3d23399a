import type { SandboxSpecInput } from '@lab/runtime';
import { Connection, ExampleManifest } from './example-manifest.schema';
import { fillSecrets, generateSecrets } from './secrets';

export interface ServiceConnection extends Connection {
  service: string;
}

export interface CompiledSandbox {
  /** What the runtime provisions: the manifest's services with secrets filled in. */
  spec: SandboxSpecInput;
  /** Generated for this sandbox only; the caller stores them and never logs them. */
  secrets: Record<string, string>;
  connections: ServiceConnection[];
}

/** Turns an example into one sandbox's spec, with fresh secrets unless given (e.g. on adoption). */
export function compileSandbox(
  example: ExampleManifest,
  owner: string,
  secrets: Record<string, string> = generateSecrets(example.secrets),
): CompiledSandbox {
  const filled = fillSecrets(example.services, secrets);
  return {
    spec: {
      example: example.name,
      owner,
      services: filled.map(({ connection: _connection, ...service }) => service),
      // Only when asked for: the spec (and its hash) of an example without egress stays as before.
      ...(example.egress === 'internet' ? { egress: 'internet' as const } : {}),
    },
    secrets,
    connections: filled.flatMap((s) => (s.connection ? [{ service: s.name, ...s.connection }] : [])),
  };
}

/**
 * The URL a student pastes into a client, credentials percent-encoded. A Redis password without a
 * user name is the `default` user's: named, because Debian's redis-cli 7.0 sends `AUTH :<password>`
 * for `redis://:<password>@…` and the server refuses it, while every client reads `default:`.
 */
export function connectionUrl(connection: Connection, host: string, hostPort: number): string {
  const username =
    connection.username ?? (connection.engine === 'redis' && connection.password ? 'default' : undefined);
  const user = username ? encodeURIComponent(username) : '';
  const password = connection.password ? encodeURIComponent(connection.password) : '';
  const auth = user || password ? `${user}${password ? `:${password}` : ''}@` : '';
  const database = connection.database ? `/${encodeURIComponent(connection.database)}` : '';
  switch (connection.engine) {
    case 'postgresql':
      return `postgresql://${auth}${host}:${hostPort}${database}`;
    case 'mariadb':
      return `mysql://${auth}${host}:${hostPort}${database}`;
    case 'mongodb':
      return `mongodb://${auth}${host}:${hostPort}${database}?authSource=admin`;
    case 'redis':
      return `redis://${auth}${host}:${hostPort}`;
    case 'http':
      return `http://${host}:${hostPort}/`;
  }
}
