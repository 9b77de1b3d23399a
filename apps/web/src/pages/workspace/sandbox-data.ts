import { expectData, expectOk, type LabSchemas } from '@lab/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type Sandbox = LabSchemas['SandboxDto'];
export type SandboxState = Sandbox['state'];
export type Lab = LabSchemas['LabDto'];
export type LabStep = LabSchemas['LabStepDto'];
export type CheckResult = LabSchemas['LabCheckResultDto'];

export const sandboxKey = (id: string) => ['sandbox', id] as const;
export const labKey = (id: string) => ['sandbox', id, 'lab'] as const;
export const historyKey = (id: string) => ['sandbox', id, 'queries'] as const;

/** States that change by themselves soon: the page asks again until the sandbox settles. */
const SETTLING: ReadonlySet<SandboxState> = new Set(['provisioning', 'resetting', 'stopping']);

export function isSettling(state: SandboxState | undefined): boolean {
  return state !== undefined && SETTLING.has(state);
}

/**
 * The sandbox, polled every second while it provisions, resets or stops, and every 30 s otherwise
 * (so an expiry, a failure or a removal by someone else shows without a reload).
 */
export function useSandbox(id: string) {
  return useQuery({
    queryKey: sandboxKey(id),
    queryFn: () => expectData(api.GET('/api/sandboxes/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (isSettling(query.state.data?.state) ? 1_000 : 30_000),
  });
}

/** The lab guide with this sandbox's progress; only asked for once the sandbox is ready. */
export function useLab(id: string, enabled: boolean) {
  return useQuery({
    queryKey: labKey(id),
    queryFn: () => expectData(api.GET('/api/sandboxes/{id}/lab', { params: { path: { id } } })),
    enabled,
  });
}

/** The sandbox's example from the catalog: its title, and every service (logs include the toolbox and app). */
export function useExample(example: string | undefined) {
  return useQuery({
    queryKey: ['example', example],
    queryFn: () => expectData(api.GET('/api/examples/{name}', { params: { path: { name: example! } } })),
    enabled: example !== undefined,
    staleTime: Infinity,
  });
}

/** Sandbox actions of the header; each refreshes the sandbox (and the guide after a reset). */
export function useSandboxActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: sandboxKey(id) });
  const path = { params: { path: { id } } };
  const extend = useMutation({
    mutationFn: (minutes: number) => expectData(api.POST('/api/sandboxes/{id}/extend', { ...path, body: { minutes } })),
    onSuccess: (sandbox) => queryClient.setQueryData(sandboxKey(id), sandbox),
  });
  const reset = useMutation({
    mutationFn: () => expectOk(api.POST('/api/sandboxes/{id}/reset', path)),
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: labKey(id) });
    },
  });
  const remove = useMutation({
    mutationFn: () => expectOk(api.DELETE('/api/sandboxes/{id}', path)),
    onSuccess: refresh,
  });
  return { extend, reset, remove };
}
