import { Anchor, AppShell, Group, Text, Title } from '@mantine/core';
import { Link, NavLink, Outlet } from 'react-router';
import { useSession, type Session } from '../api/session';
import { ExpiryBanner } from '../components/ExpiryBanner';

interface NavItem {
  to: string;
  label: string;
  /** Who sees the link (the API decides what they may do; this only keeps the header relevant). */
  shownTo: (session: Session | null | undefined) => boolean;
}

const isLeader = (session: Session | null | undefined) => session?.role === 'leader' || session?.role === 'admin';

const NAV: NavItem[] = [
  { to: '/', label: 'Catalog', shownTo: () => true },
  { to: '/compare', label: 'Compare', shownTo: (session) => Boolean(session) },
  { to: '/workshops', label: 'Workshops', shownTo: isLeader },
  { to: '/admin/system', label: 'Admin', shownTo: (session) => session?.role === 'admin' },
];

/** Header with the pages this user has and who is signed in; each page renders below it. */
export function Layout() {
  const session = useSession();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never">
              <Title order={1} size="h3">
                Backend Lab
              </Title>
            </Anchor>
            <Group component="nav" aria-label="Main" gap="md">
              {NAV.filter((item) => item.shownTo(session.data)).map((item) => (
                <Anchor key={item.to} component={NavLink} to={item.to} end={item.to === '/'} size="sm">
                  {item.label}
                </Anchor>
              ))}
            </Group>
          </Group>
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
        <ExpiryBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
