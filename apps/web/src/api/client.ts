import { createLabClient, type LabClient } from '@lab/api-client';

/**
 * The typed client of the control API for pages. Same origin as the pages, so the browser sends the
 * HttpOnly session cookie and an `Origin` header by itself: no token is ever held by a script.
 */
export const api: LabClient = createLabClient({ baseUrl: window.location.origin });
