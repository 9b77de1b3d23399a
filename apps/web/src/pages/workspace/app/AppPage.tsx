import { Container, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { AppPanel } from './AppPanel';

/** `/sandboxes/:id/app`: the app panel alone, full width. */
export function Component() {
  const { id = '' } = useParams();
  return (
    <Container fluid>
      <Title order={2} size="h4" mb="sm">
        App of {id}
      </Title>
      <AppPanel sandboxId={id} />
    </Container>
  );
}
