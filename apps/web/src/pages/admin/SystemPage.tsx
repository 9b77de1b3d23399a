import { Container, Title } from '@mantine/core';

// Placeholder of the scaffold: the page is being built.
export function Component() {
  return (
    <Container py="xl">
      <Title order={2}>System</Title>
    </Container>
  );
}
