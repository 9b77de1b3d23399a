import { compileSandbox, connectionUrl, ExampleManifest } from '@lab/catalog';
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

  const { connections } = compileSandbox(example, record.ownerId, record.secrets);
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
