import { QueryClient } from '@tanstack/react-query';
import { LabApiError } from '@lab/api-client';

/** 4xx answers are final (retrying a 404 or a 401 changes nothing); network errors and 5xx retry twice. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 2 && !(error instanceof LabApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
