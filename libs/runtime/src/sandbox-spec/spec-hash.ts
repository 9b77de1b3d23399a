import { createHash } from 'node:crypto';
import { SandboxSpec } from './sandbox-spec.schema';

/** Stable hash of a spec (keys sorted), stored as a label to tell "same spec, adopt" from "changed". */
export function specHash(spec: SandboxSpec | SandboxSpec['services'][number]): string {
  return createHash('sha256').update(stableStringify(spec)).digest('hex').slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
