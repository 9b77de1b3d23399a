import { Alert, Anchor, Box, Group, Loader, Stack, Text } from '@mantine/core';
import { expectData } from '@lab/api-client';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { ErrorView } from '../../../components/ErrorView';

/** Where the control API serves a sandbox's app (apps/control-api/src/web/app-proxy/app-proxy-path.ts). */
export function appProxyPath(sandboxId: string, path = '/'): string {
  return `/api/sandboxes/${encodeURIComponent(sandboxId)}/app${path}`;
}

/**
 * The sandbox's example app through the control API's proxy, so it works from any machine that
 * reaches the lab: its API docs and root in a new tab, and the docs inline. The proxy serves app
 * pages as an opaque origin (a CSP sandbox), and the frame is sandboxed the same way: a script of
 * the app cannot act on the lab with the viewer's session.
 */
export function AppPanel({ sandboxId }: { sandboxId: string }) {
  const sandbox = useQuery({
    queryKey: ['sandbox', sandboxId],
    queryFn: () => expectData(api.GET('/api/sandboxes/{id}', { params: { path: { id: sandboxId } } })),
  });

  if (sandbox.isPending) return <Loader size="sm" aria-label="Loading the sandbox" />;
  if (sandbox.isError) return <ErrorView error={sandbox.error} onRetry={() => void sandbox.refetch()} />;
  const { data } = sandbox;
  if (!data.app) {
    return (
      <Alert color="gray" title="No app in this sandbox">
        The example “{data.example}” teaches with its databases only: it runs no HTTP app of its own. Use the terminal
        and the query console.
      </Alert>
    );
  }
  if (data.state !== 'ready') {
    return (
      <Alert color="yellow" title="The app is not available yet">
        The sandbox is {data.state}; its app answers once it is ready.
      </Alert>
    );
  }
  const docs = appProxyPath(sandboxId, '/docs');
  return (
    <Stack gap="sm">
      <Group gap="lg">
        <Anchor href={docs} target="_blank" rel="noopener noreferrer">
          Open the API docs (/docs) in a new tab
        </Anchor>
        <Anchor href={appProxyPath(sandboxId)} target="_blank" rel="noopener noreferrer">
          Open the app’s root (/) in a new tab
        </Anchor>
      </Group>
      <Text size="sm">
        Served through the lab at <code>{appProxyPath(sandboxId)}</code>, so it works from any machine that reaches the
        lab.
      </Text>
      <Box
        component="iframe"
        src={docs}
        title={`API docs of the ${data.example} app`}
        // The same opaque origin the proxy's CSP gives its pages (never allow-same-origin).
        sandbox="allow-scripts allow-forms allow-popups allow-modals"
        referrerPolicy="no-referrer"
        h="70vh"
        w="100%"
        style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
      />
    </Stack>
  );
}
