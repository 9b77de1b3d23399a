import { generateSecret, postgresRedisSpec } from '../../../libs/runtime/src/testing/sample-specs';
import { LAB_INSTANCE, LabInstance } from '../../../apps/control-api/src/settings/lab-instance';
import type { TestLab } from '../../support/lab-runtime';
import type { ControlApi } from './control-api';

/**
 * A real PostgreSQL, in a sandbox of the test lab, for the control API's state (DATABASE_URL):
 * the URL to give the API. It is reaped with the lab.
 */
export async function startStateDatabase(lab: TestLab): Promise<string> {
  const password = generateSecret();
  const { spec } = postgresRedisSpec({ pgPassword: password });
  const state = await lab.runtime.provision(
    lab.sandboxId('state'),
    { ...spec, services: spec.services.filter((s) => s.name === 'postgres') },
    { labels: lab.labels },
  );
  return `postgresql://lab:${password}@127.0.0.1:${state.services[0]!.ports[5432]}/lab`;
}

/**
 * Closes the APIs (all of one installation: they share an instance id) and removes every sandbox
 * that installation made, whatever state its rows are in.
 */
export async function closeInstallation(lab: TestLab, apis: (ControlApi | undefined)[]): Promise<void> {
  const running = apis.filter((api): api is ControlApi => api !== undefined);
  const instance = running[0]?.app.get<LabInstance>(LAB_INSTANCE).id;
  for (const api of running) await api.close();
  for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance }) : []) {
    await lab.runtime.destroy(status.id);
  }
}
