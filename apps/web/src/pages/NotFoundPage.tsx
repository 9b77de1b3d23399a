import { Anchor, Container, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function Component() {
  return (
    <Container size="sm" py="xl">
      <Title order={2}>No such page</Title>
      <Text>
        <Anchor component={Link} to="/">
          Back to the catalog
        </Anchor>
      </Text>
    </Container>
  );
}
