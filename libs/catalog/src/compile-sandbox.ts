import { connectionUrl as engineConnectionUrl } from '@lab/engines';
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
 * The URL a student pastes into a client, credentials percent-encoded: the engine's own form
 * (@lab/engines), or the app's base URL.
 */
export function connectionUrl(connection: Connection, host: string, hostPort: number): string {
  if (connection.engine === 'http') return `http://${host}:${hostPort}/`;
  return engineConnectionUrl(connection.engine, connection, host, hostPort);
}
