import { ExampleManifest, generateSecrets } from '@lab/catalog';
import { randomBytes } from 'node:crypto';
import { SandboxRecord } from './sandbox.record';

/** A new row for a sandbox of `example`: provisioning, with fresh secrets (≥ 144 bits each). */
export function newSandboxRecord(example: ExampleManifest, ownerId: string, expiresAt: Date, now: Date): SandboxRecord {
  return {
    id: `sb-${randomBytes(8).toString('hex')}`,
    example: example.name,
    ownerId,
    state: 'provisioning',
    desired: 'running',
    reason: null,
    secrets: generateSecrets(example.secrets),
    endpoints: null,
    idempotencyKey: null,
    requestHash: null,
    createdAt: now,
    updatedAt: now,
    expiresAt,
    workshopId: null,
    leaderId: null,
    lastActivityAt: now,
    failedAt: null,
  };
}
