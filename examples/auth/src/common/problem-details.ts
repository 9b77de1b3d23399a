import { problemTypeIn } from '@lab/http-problems';

// RFC 9457 handling is shared by every app of the lab; only the problem types are this app's own.
export * from '@lab/http-problems';

/** This app's problem types: `urn:backend-lab:auth:problem:<slug>`. */
export const problemType = problemTypeIn('auth');
