import { compileSandbox, connectionUrl, ExampleManifest } from '@lab/catalog';
import { SandboxDto, ServiceConnectionDto } from './sandbox.dto';
import type { SandboxRecord } from './sandbox.record';

/**
 * The API's view of a sandbox. Connection details (with the generated passwords) appear once it is
 * ready and only for callers that passed the object-level check; nothing else of the row leaks.
 */
export function toSandboxDto(record: SandboxRecord, example: ExampleManifest | undefined): SandboxDto {
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

  const endpoints = new Map(record.endpoints.map((endpoint) => [endpoint.name, endpoint]));
  const { connections } = compileSandbox(example, record.ownerId, record.secrets);
  dto.services = connections.flatMap((connection): ServiceConnectionDto[] => {
    const endpoint = endpoints.get(connection.service);
    const port = endpoint?.ports[String(connection.port)];
    if (!endpoint || port === undefined) return [];
    return [
      {
        name: connection.service,
        engine: connection.engine,
        host: endpoint.host,
        port,
        ...(connection.username !== undefined ? { username: connection.username } : {}),
        ...(connection.password !== undefined ? { password: connection.password } : {}),
        ...(connection.database !== undefined ? { database: connection.database } : {}),
        url: connectionUrl(connection, endpoint.host, port),
      },
    ];
  });
  if (example.app) {
    const endpoint = endpoints.get(example.app.service);
    const port = endpoint?.ports[String(example.app.port)];
    if (endpoint && port !== undefined) dto.app = { url: `http://${endpoint.host}:${port}${example.app.path}` };
  }
  return dto;
}
