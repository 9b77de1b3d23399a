import { Alert, Anchor, AppShell, Button, Group, Text, Title } from '@mantine/core';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut, type Session } from '../api/session';
import { useSessionEnded } from '../api/session-ended';
import { describeError, SESSION_ENDED_TITLE, signInHref } from '../components/ErrorView';

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

/** Header with the pages this user has, who is signed in and sign-out; each page renders below it. */
export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  const sessionEnded = useSessionEnded();
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}`;
  const onSignInPage = location.pathname === '/sign-in';
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
          <Group gap="md" wrap="nowrap">
            {session.data ? (
              <>
                <Text size="sm">
                  {session.data.name} ({session.data.role})
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  loading={signOut.isPending}
                  onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate('/sign-in') })}
                >
                  Sign out
                </Button>
              </>
            ) : (
              !onSignInPage && (
                <Anchor component={Link} to={signInHref(here)} size="sm">
                  Sign in
                </Anchor>
              )
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {sessionEnded && !onSignInPage && (
          <Alert color="orange" title={SESSION_ENDED_TITLE} role="alert" mb="md">
            <Text size="sm">
              You were signed out, the session expired, or its token was revoked.{' '}
              <Anchor component={Link} to={signInHref(here)}>
                Sign in again
              </Anchor>
            </Text>
          </Alert>
        )}
        {signOut.isError && (
          <Alert color="red" title="Signing out failed" role="alert" mb="md">
            {describeError(signOut.error).title}: {describeError(signOut.error).detail}
          </Alert>
        )}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
