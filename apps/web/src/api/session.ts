import { expectData, expectOk, LabApiError, type LabSchemas } from '@lab/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { forgetSession, noticeUnauthorized, rememberSession } from './session-ended';

export type Session = LabSchemas['SessionDto'];

export const SESSION_KEY = ['session'] as const;

/** Who is signed in: the session, or `null` when nobody is (a 401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await expectData(api.GET('/api/session'));
        rememberSession();
        return session;
      } catch (error) {
        if (error instanceof LabApiError && error.status === 401) {
          noticeUnauthorized();
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/**
 * `POST /api/session {token}`: the server sets the HttpOnly cookie; the token goes no further than
 * this request (not kept in state, storage or the cache).
 */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => expectData(api.POST('/api/session', { body: { token } })),
    onSuccess: async (session) => {
      rememberSession();
      queryClient.setQueryData(SESSION_KEY, session);
      // Everything cached was read as somebody else (or nobody).
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

/** `DELETE /api/session`: the server ends the session and clears the cookie. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => expectOk(api.DELETE('/api/session')),
    onSuccess: () => {
      forgetSession();
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

/** A page path to go back to after signing in: only this site's own paths (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
