import { randomBytes } from 'node:crypto';
import { SettingsRepository } from './settings.repository';

/**
 * This installation's identity. Every Docker object it creates carries it as `lab.instance`, and
 * the reconciler only lists (and so only ever reaps) objects with its own id: two installations,
 * or a test run beside a developer's API, on one engine never touch each other's sandboxes.
 */
export interface LabInstance {
  id: string;
}

export const LAB_INSTANCE = Symbol('LAB_INSTANCE');

export const INSTANCE_LABEL = 'lab.instance';

export async function loadLabInstance(settings: SettingsRepository): Promise<LabInstance> {
  const id = await settings.getOrCreate('instance-id', () => `i${randomBytes(6).toString('hex')}`);
  return { id };
}
