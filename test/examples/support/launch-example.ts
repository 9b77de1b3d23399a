import { compileSandbox, connectionUrl, ExampleManifest, LabTarget, loadCatalog } from '@lab/catalog';
import type { TestLab } from '../../support/lab-runtime';

export interface LaunchedExample {
  example: ExampleManifest;
  sandboxId: string;
  target: LabTarget;
  /** The sandbox's generated secrets (the admin ones included, which a student never sees). */
  secrets: Record<string, string>;
  /** The example's reset entry point, as the control API calls it. */
  reset(): Promise<Response>;
  checksum(): Promise<Record<string, unknown>>;
}

/** The catalog's `examples/` as the control API loads it (broken manifests are a test failure). */
export function loadExamples(lab: TestLab): ExampleManifest[] {
  const catalog = loadCatalog('examples', lab.images.allowedKeys());
  if (catalog.problems.length > 0) throw new Error(`catalog problems: ${JSON.stringify(catalog.problems)}`);
  return catalog.examples;
}

/** Launches an example exactly as a student's sandbox is launched (real images, real probes). */
export async function launchExample(lab: TestLab, example: ExampleManifest): Promise<LaunchedExample> {
  const compiled = compileSandbox(example, 'tester');
  const sandboxId = lab.sandboxId(example.name.slice(0, 24));
  const provisioned = await lab.runtime.provision(sandboxId, compiled.spec, { labels: lab.labels });
  const endpoint = (service: string, port: number) => {
    const found = provisioned.services.find((s) => s.name === service);
    const hostPort = found?.ports[port];
    if (!found || hostPort === undefined) throw new Error(`${service}:${port} is not published`);
    return { host: found.host, port: hostPort };
  };
  const connections = Object.fromEntries(
    compiled.connections.map((connection) => {
      const { host, port } = endpoint(connection.service, connection.port);
      return [connection.service, connectionUrl(connection, host, port)];
    }),
  );
  const app = example.app ? endpoint(example.app.service, example.app.port) : undefined;
  const appUrl = app ? `http://${app.host}:${app.port}` : undefined;
  return {
    example,
    sandboxId,
    target: { appUrl, connections },
    secrets: compiled.secrets,
    reset: () => fetch(`${appUrl}${example.reset!.http.path}`, { method: example.reset!.http.method }),
    checksum: async () => (await (await fetch(`${appUrl}/lab/checksum`)).json()) as Record<string, unknown>,
  };
}
