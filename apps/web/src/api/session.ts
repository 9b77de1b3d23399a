import { expectData, LabApiError, type LabSchemas } from '@lab/api-client';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type Session = LabSchemas['SessionDto'];

export const SESSION_KEY = ['session'] as const;

/** Who is signed in: the session, or `null` when nobody is (a 401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await expectData(api.GET('/api/session'));
      } catch (error) {
        if (error instanceof LabApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
