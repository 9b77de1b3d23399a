import { problemTypeIn } from '@lab/http-problems';

/** This app's problem types: `urn:backend-lab:caching:problem:<slug>` (the rest of RFC 9457 is @lab/http-problems'). */
export const problemType = problemTypeIn('caching');
