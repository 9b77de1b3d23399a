import { AppShell, Anchor, Group, Text, Title } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { useSession } from '../api/session';

/** Header with who is signed in; each page renders below it. */
export function Layout() {
  const session = useSession();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Anchor component={Link} to="/" underline="never">
            <Title order={1} size="h3">
              Backend Lab
            </Title>
          </Anchor>
          <Group gap="md">
            {session.data ? (
              <Text size="sm">
                {session.data.name} ({session.data.role})
              </Text>
            ) : (
              <Anchor component={Link} to="/sign-in" size="sm">
                Sign in
              </Anchor>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
