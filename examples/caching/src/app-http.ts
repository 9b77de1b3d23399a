import type { LabAppHttp } from '@lab/lab-app';

/**
 * This app's own in its HTTP surface, for main.ts and the tests that run it in process
 * (`configureLabApp(app, …)`): its OpenAPI text; problem+json, validation and
 * /docs are @lab/lab-app's.
 */
export const CACHING_HTTP: LabAppHttp = {
  title: 'Backend Lab — caching',
  description:
    'A deliberately slow product catalog on PostgreSQL with Redis in front: cache-aside, read-through, ' +
    'write-through, write-behind, invalidation, stampede protection and negative caching. Every read ' +
    'says whether it was a hit or a miss (X-Cache header and `cache.outcome`). Errors are RFC 9457 ' +
    'problem details.',
};
