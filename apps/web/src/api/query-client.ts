import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { LabApiError } from '@lab/api-client';
import { noticeUnauthorized } from './session-ended';

/** Any 401 may mean the tab's session ended (Layout then says so, with a link to sign in again). */
function watchUnauthorized(error: unknown): void {
  if (error instanceof LabApiError && error.status === 401) noticeUnauthorized();
}

/** 4xx answers are final (retrying a 404 or a 401 changes nothing); network errors and 5xx retry twice. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: watchUnauthorized }),
  mutationCache: new MutationCache({ onError: watchUnauthorized }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 2 && !(error instanceof LabApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
