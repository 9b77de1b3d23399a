import { Container, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { TerminalPanel } from './TerminalPanel';

/** `/sandboxes/:id/terminal`: the terminal alone, full width (a workspace's "open in a new tab"). */
export function Component() {
  const { id = '' } = useParams();
  return (
    <Container fluid>
      <Title order={2} size="h4" mb="sm">
        Terminal of {id}
      </Title>
      <TerminalPanel sandboxId={id} />
    </Container>
  );
}
