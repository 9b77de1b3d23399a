import { ExampleManifest, LabTarget } from '@lab/catalog';
import { serviceUrl, type ServiceLocator } from '@lab/runtime';
import { toSandboxDto } from './sandbox.mapper';
import { SandboxRecord } from './sandbox.record';

/** Where a sandbox's lab checks go: its app's base URL and its services' connection URLs, as the runtime locates them. */
export function labTarget(sandbox: SandboxRecord, example: ExampleManifest, locator: ServiceLocator): LabTarget {
  const connections = Object.fromEntries(toSandboxDto(sandbox, example, locator).services.map((s) => [s.name, s.url]));
  const app = example.app;
  const address = app ? locator.endpoint(sandbox, app.service, app.port) : undefined;
  return { connections, ...(address ? { appUrl: serviceUrl(address) } : {}) };
}
