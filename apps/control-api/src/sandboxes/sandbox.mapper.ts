import { compileSandbox, connectionUrl, ExampleManifest, type ServiceConnection } from '@lab/catalog';
import { serviceUrl, type ServiceLocator } from '@lab/runtime';
import { SandboxDto, ServiceConnectionDto } from './sandbox.dto';
import type { SandboxRecord } from './sandbox.record';

/**
 * The API's view of a sandbox. Connection details (with the generated passwords) appear once it is
 * ready and only for callers that passed the object-level check; nothing else of the row leaks.
 * Addresses come from the runtime (`locator`), which knows how the engine publishes services.
 */
export function toSandboxDto(
  record: SandboxRecord,
  example: ExampleManifest | undefined,
  locator: ServiceLocator,
): SandboxDto {
  const dto: SandboxDto = {
    id: record.id,
    example: record.example,
    state: record.state,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    services: [],
  };
  if (record.reason) dto.reason = record.reason;
  if (record.state !== 'ready' || !record.endpoints || !example) return dto;

  const connections = connectionsOf(example, record);
  dto.services = connections.flatMap((connection): ServiceConnectionDto[] => {
    const address = locator.endpoint(record, connection.service, connection.port);
    if (!address) return [];
    return [
      {
        name: connection.service,
        engine: connection.engine,
        host: address.host,
        port: address.port,
        ...(connection.username !== undefined ? { username: connection.username } : {}),
        ...(connection.password !== undefined ? { password: connection.password } : {}),
        ...(connection.database !== undefined ? { database: connection.database } : {}),
        url: connectionUrl(connection, address.host, address.port),
      },
    ];
  });
  if (example.app) {
    const address = locator.endpoint(record, example.app.service, example.app.port);
    if (address) dto.app = { url: serviceUrl(address, example.app.path) };
  }
  return dto;
}

/** Connections remembered per example; more distinct secret sets than this and it starts over. */
const MAX_REMEMBERED = 1_000;
const remembered = new WeakMap<ExampleManifest, Map<string, readonly ServiceConnection[]>>();

/**
 * The sandbox's connections as `compileSandbox` makes them. It fills the secrets into a deep copy of
 * every service of the example (commands, env, limits), and a page polls these routes: in the api
 * bench's profile that copy was the largest share of the CPU of a `GET /api/sandboxes`. The result
 * depends only on the example and the sandbox's secrets, so it is made once per secret set. Nothing
 * here leaves the process: the secrets are in every record read from the database anyway.
 */
export function connectionsOf(
  example: ExampleManifest,
  record: Pick<SandboxRecord, 'ownerId' | 'secrets'>,
): readonly ServiceConnection[] {
  let bySecrets = remembered.get(example);
  if (!bySecrets) {
    bySecrets = new Map();
    remembered.set(example, bySecrets);
  }
  const key = JSON.stringify(record.secrets);
  let connections = bySecrets.get(key);
  if (!connections) {
    if (bySecrets.size >= MAX_REMEMBERED) bySecrets.clear();
    connections = compileSandbox(example, record.ownerId, record.secrets).connections;
    bySecrets.set(key, connections);
  }
  return connections;
}
