import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { LabSchemas } from '@lab/api-client';
import { Link } from 'react-router';

type Example = LabSchemas['ExampleDto'];

/** One example: what it teaches, what runs in it, and how to launch it. */
export function ExampleCard({
  example,
  signedIn,
  launching,
  busy,
  onLaunch,
}: {
  example: Example;
  signedIn: boolean;
  /** This card's launch is being sent. */
  launching: boolean;
  /** Another launch is under way. */
  busy: boolean;
  onLaunch: () => void;
}) {
  const headingId = `example-${example.name}`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        <Title order={3} size="h4" id={headingId}>
          {example.title}
        </Title>
        <Text size="sm">{example.summary}</Text>
        <Group gap={6} aria-label="Concepts">
          {example.concepts.map((concept) => (
            <Badge key={concept} variant="light">
              {concept}
            </Badge>
          ))}
        </Group>
        <Text size="sm">
          <strong>Services:</strong>{' '}
          {example.services
            .map((service) => `${service.name}${service.engine ? ` (${service.engine})` : ''}`)
            .join(', ')}
          {example.hasApp ? ' · with its own web app' : ''}
          {example.egress === 'internet' ? ' · may reach the internet' : ''}
        </Text>
        <Group mt="auto">
          {signedIn ? (
            <Button onClick={onLaunch} loading={launching} disabled={busy} aria-label={`Launch ${example.title}`}>
              Launch
            </Button>
          ) : (
            <Button
              component={Link}
              to="/sign-in?next=/"
              variant="light"
              aria-label={`Sign in to launch ${example.title}`}
            >
              Sign in to launch
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
