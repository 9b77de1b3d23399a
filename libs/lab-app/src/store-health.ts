import type { StoreProbe, StoreState } from './lab-app.contract';
import type { HealthLayout, LabStore } from './lab-app.options';

export interface Health {
  healthy: boolean;
  body: Record<string, unknown>;
}

/**
 * Every declared store probed at once. Healthy (200) when none is down: an optional store this
 * sandbox lacks is `not configured`, a required one without a probe counts as down.
 */
export async function checkHealth(
  stores: Record<string, LabStore>,
  probes: Partial<Record<string, StoreProbe>>,
  layout: HealthLayout,
): Promise<Health> {
  const states = await Promise.all(
    Object.entries(stores).map(async ([name, store]): Promise<[string, StoreState]> => {
      const probe = probes[name];
      if (!probe) return [name, store.optional ? 'not configured' : 'down'];
      return [name, await probe().then(up, down)];
    }),
  );
  const healthy = !states.some(([, state]) => state === 'down');
  const status = healthy ? 'ok' : 'degraded';
  const byStore = Object.fromEntries(states);
  return { healthy, body: layout === 'nested' ? { status, stores: byStore } : { status, ...byStore } };
}

const up = (): StoreState => 'up';
const down = (): StoreState => 'down';
