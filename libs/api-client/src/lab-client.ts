import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

/** Every route of the control API, typed from its OpenAPI document (`GET('/api/sandboxes/{id}', …)`). */
export type LabClient = Client<paths>;

/** The API's response and request bodies by schema name, e.g. `LabSchemas['SandboxDto']`. */
export type LabSchemas = components['schemas'];

export interface LabClientOptions {
  /** Where the control API is served, e.g. `http://127.0.0.1:3000` (paths start with `/api/`). */
  baseUrl: string;
  /** A bearer token (admin, leader, student or a seat's); public routes need none. */
  token?: string;
  /** Another fetch (tests, instrumentation); the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

/** A typed client of the control API; every request carries `Authorization: Bearer <token>` when given. */
export function createLabClient({ baseUrl, token, fetch }: LabClientOptions): LabClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
    ...(fetch === undefined ? {} : { fetch }),
  });
}
