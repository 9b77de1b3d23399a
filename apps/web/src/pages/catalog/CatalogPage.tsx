import { Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { expectData, type LabSchemas } from '@lab/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorView } from '../../components/ErrorView';
import { ExampleCard } from './ExampleCard';
import { LaunchProgress } from './LaunchProgress';
import { SANDBOXES_KEY, YourSandboxes } from './YourSandboxes';

type Example = LabSchemas['ExampleDto'];

interface Launch {
  example: Example;
  sandboxId: string;
}

/**
 * The catalog (public): every example as a card. Signed in, "Launch" starts a sandbox and shows its
 * provisioning live, then opens its workspace; "Your sandboxes" lists what is running.
 */
export function Component() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [launch, setLaunch] = useState<Launch | undefined>();
  const examples = useQuery({ queryKey: ['examples'], queryFn: () => expectData(api.GET('/api/examples')) });

  const start = useMutation({
    mutationFn: async (example: Example): Promise<Launch> => {
      const sandbox = await expectData(api.POST('/api/sandboxes', { body: { example: example.name } }));
      return { example, sandboxId: sandbox.id };
    },
    onSuccess: (started) => {
      setLaunch(started);
      void queryClient.invalidateQueries({ queryKey: SANDBOXES_KEY });
    },
  });

  const signedIn = Boolean(session.data);
  const launchFailed = start.isError;
  return (
    <Container size="lg" py="md">
      <Stack gap="xl">
        <Stack gap="xs">
          <Title order={2}>Catalog</Title>
          <Text>
            Each example is a sandbox of real databases (and often a small app) that teaches one backend topic.
            {signedIn ? '' : ' Sign in to launch one.'}
          </Text>
        </Stack>

        {launchFailed && <ErrorView error={start.error} onRetry={() => start.mutate(start.variables)} />}
        {launch && (
          <LaunchProgress
            key={launch.sandboxId}
            sandboxId={launch.sandboxId}
            title={launch.example.title}
            services={launch.example.services.map((service) => service.name)}
            onRetry={() => start.mutate(launch.example)}
            onDismiss={() => setLaunch(undefined)}
          />
        )}

        {signedIn && <YourSandboxes />}

        <Stack gap="sm" component="section" aria-labelledby="examples-heading">
          <Title order={2} id="examples-heading">
            Examples
          </Title>
          {examples.isError && <ErrorView error={examples.error} onRetry={() => void examples.refetch()} />}
          {examples.isPending && <Text>Loading the catalog…</Text>}
          {examples.data && (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {examples.data.map((example) => (
                <ExampleCard
                  key={example.name}
                  example={example}
                  signedIn={signedIn}
                  launching={start.isPending && start.variables?.name === example.name}
                  busy={start.isPending}
                  onLaunch={() => start.mutate(example)}
                />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      </Stack>
    </Container>
  );
}
