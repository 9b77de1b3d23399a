import { expectData, LabApiError } from '@lab/api-client';
import { Alert, Anchor, Button, Container, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { loadAgainOnFailure } from '../../app/load-again';
import { ErrorView } from '../../components/ErrorView';
import { ConnectionPanel } from './connection/ConnectionPanel';
import { ConsoleDraftContext, type ConsoleDraft } from './console-draft';
import { ProvisioningProgress } from './ProvisioningProgress';
import { useExample, useLab, useSandbox, useSandboxActions, type Sandbox } from './sandbox-data';
import { WorkspaceHeader } from './WorkspaceHeader';

// Heavy tabs load when first opened: CodeMirror, xterm, marked + DOMPurify stay out of the first page.
// The guide is the tab a student lands on: its chunk is asked for with this module, in parallel with
// the sandbox's data, rather than after it. The console's is fetched once the page is idle. Each
// chunk is asked for again when its request fails (see load-again.ts).
const guideChunk = loadAgainOnFailure(() => import('./guide/GuidePanel'))();
// A failed load is reported by the tab (Suspense → the route's error view), not as an unhandled rejection.
guideChunk.catch(() => undefined);
const GuidePanel = lazy(() => guideChunk);
const loadConsole = loadAgainOnFailure(() => import('./console/ConsolePanel'));
const ConsolePanel = lazy(loadConsole);
const LogsPanel = lazy(loadAgainOnFailure(() => import('./logs/LogsPanel')));
const TerminalPanel = lazy(
  loadAgainOnFailure(() => import('./terminal/TerminalPanel').then((module) => ({ default: module.TerminalPanel }))),
);
const AppPanel = lazy(
  loadAgainOnFailure(() => import('./app/AppPanel').then((module) => ({ default: module.AppPanel }))),
);

const TABS = ['guide', 'console', 'terminal', 'app', 'connection', 'logs'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  guide: 'Guide',
  console: 'Console',
  terminal: 'Terminal',
  app: 'App',
  connection: 'Connection',
  logs: 'Logs',
};

const isTab = (value: string | null): value is Tab => value !== null && (TABS as readonly string[]).includes(value);

/** The workspace of one sandbox: header with its actions, and the tabs to work in. */
export function Component() {
  const { id = '' } = useParams();
  const sandbox = useSandbox(id);
  const example = useExample(sandbox.data?.example);
  // Asked for with the sandbox, not after it: the guide's data is usually what shows first.
  useLab(id, true);

  if (sandbox.isPending) {
    return (
      <Container size="xl" py="md">
        <Loader aria-label="Loading the sandbox" />
      </Container>
    );
  }
  if (sandbox.error && !sandbox.data) {
    return (
      <Container size="sm" py="xl">
        <SandboxLoadError error={sandbox.error} onRetry={() => void sandbox.refetch()} />
      </Container>
    );
  }
  const current = sandbox.data!;
  const title = example.data?.title ?? current.example;
  return (
    <Workspace
      sandbox={current}
      title={title}
      services={example.data?.services.map((service) => service.name) ?? []}
      lostContact={sandbox.error}
    />
  );
}

function Workspace({
  sandbox,
  title,
  services,
  lostContact,
}: {
  sandbox: Sandbox;
  title: string;
  services: string[];
  /** The latest refresh failed (API restarting, network gone): what is shown may be out of date. */
  lostContact: unknown;
}) {
  const navigate = useNavigate();
  useEffect(() => {
    document.title = `${title} · Backend Lab`;
  }, [title]);
  return (
    <Container size="xl" py="md">
      <Stack gap="md">
        <WorkspaceHeader sandbox={sandbox} title={title} onDeleted={() => void navigate('/')} />
        {lostContact ? <ErrorView error={lostContact} /> : null}
        <WorkspaceBody sandbox={sandbox} services={services} />
      </Stack>
    </Container>
  );
}

function SandboxLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof LabApiError && error.status === 404) {
    return (
      <Alert color="gray" title="No such sandbox" role="alert">
        <Stack gap="sm">
          <Text size="sm">
            This sandbox does not exist, was removed, or is not yours. Launch a new one from the catalog.
          </Text>
          <Anchor component={Link} to="/">
            Open the catalog
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  return <ErrorView error={error} onRetry={onRetry} />;
}

function WorkspaceBody({ sandbox, services }: { sandbox: Sandbox; services: string[] }) {
  if (sandbox.state === 'provisioning') return <ProvisioningProgress sandboxId={sandbox.id} state={sandbox.state} />;
  if (sandbox.state === 'failed') return <FailedSandbox sandbox={sandbox} />;
  if (sandbox.state === 'deleted' || sandbox.state === 'stopping') {
    return (
      <Alert
        color="gray"
        title={sandbox.state === 'deleted' ? 'This sandbox was removed' : 'This sandbox is being removed'}
      >
        <Stack gap="sm">
          {sandbox.reason && <Text size="sm">{sandbox.reason}</Text>}
          <Anchor component={Link} to="/">
            Launch another from the catalog
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      {sandbox.state === 'resetting' && <ProvisioningProgress sandboxId={sandbox.id} state={sandbox.state} />}
      <WorkspaceTabs sandbox={sandbox} services={services} />
    </Stack>
  );
}

/** A failed sandbox: why (the API's short reason), then remove it or launch the example again. */
function FailedSandbox({ sandbox }: { sandbox: Sandbox }) {
  const navigate = useNavigate();
  const { remove } = useSandboxActions(sandbox.id);
  const relaunch = useMutation({
    mutationFn: () => expectData(api.POST('/api/sandboxes', { body: { example: sandbox.example } })),
    onSuccess: (created) => void navigate(`/sandboxes/${created.id}`),
  });
  return (
    <Alert color="red" title="This sandbox failed" role="alert">
      <Stack gap="sm">
        <Text size="sm">{sandbox.reason ?? 'It did not say why.'}</Text>
        <Text size="sm">Its data cannot be used. Delete it, and launch the example again for a fresh one.</Text>
        <Group gap="sm">
          <Button size="xs" color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>
            Delete it
          </Button>
          <Button size="xs" onClick={() => relaunch.mutate()} loading={relaunch.isPending}>
            Launch {sandbox.example} again
          </Button>
        </Group>
        {(remove.error ?? relaunch.error) && <ErrorView error={remove.error ?? relaunch.error} />}
      </Stack>
    </Alert>
  );
}

/**
 * Mantine Tabs (arrow keys move between tabs, Enter/Space open one). The open tab is in the
 * address (`?tab=console`), so a reload or a shared link opens it. A panel mounts the first time it
 * is opened and stays mounted, so the editor's text and a terminal's shell survive a tab switch.
 */
function WorkspaceTabs({ sandbox, services }: { sandbox: Sandbox; services: string[] }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'guide';
  const [opened, setOpened] = useState<ReadonlySet<Tab>>(() => new Set([tab]));
  const [draft, setDraft] = useState<ConsoleDraft | null>(null);
  useEffect(() => {
    // Warm the editor's chunk while the student reads the guide; opening the console is then instant.
    const timer = setTimeout(() => void loadConsole().catch(() => undefined), 2_000);
    return () => clearTimeout(timer);
  }, []);
  if (!opened.has(tab)) setOpened(new Set([...opened, tab]));
  const select = (value: string | null) => {
    if (!isTab(value)) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  };
  const drafts = useMemo(
    () => ({
      draft,
      sendToConsole: (statement: string) => {
        setDraft((previous) => ({ statement, seq: (previous?.seq ?? 0) + 1 }));
        select('console');
      },
    }),
    // `select` only writes the address; a new one each render changes nothing it does.
    [draft],
  );
  const panels: Record<Tab, () => ReactNode> = {
    guide: () => <GuidePanel sandboxId={sandbox.id} />,
    console: () => <ConsolePanel sandbox={sandbox} />,
    terminal: () => <TerminalPanel sandboxId={sandbox.id} />,
    app: () => <AppPanel sandboxId={sandbox.id} />,
    connection: () => <ConnectionPanel sandbox={sandbox} />,
    logs: () => <LogsPanel sandboxId={sandbox.id} services={services} />,
  };
  return (
    <ConsoleDraftContext.Provider value={drafts}>
      <Tabs value={tab} onChange={select} keepMounted keepMountedMode="display-none">
        <Tabs.List aria-label="Workspace">
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {TAB_LABELS[value]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((value) => (
          <Tabs.Panel key={value} value={value} pt="md">
            {opened.has(value) && (
              <Suspense fallback={<Loader aria-label={`Loading ${TAB_LABELS[value]}`} />}>{panels[value]()}</Suspense>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </ConsoleDraftContext.Provider>
  );
}
