import { expectData } from '@lab/api-client';
import { Alert, Badge, Code, Container, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { AdminNav } from './AdminNav';

function Examples() {
  const examples = useQuery({ queryKey: ['examples'], queryFn: () => expectData(api.GET('/api/examples')) });
  if (examples.isPending) return <Loader aria-label="Loading the catalog" />;
  if (examples.isError) return <ErrorView error={examples.error} onRetry={() => void examples.refetch()} />;
  return (
    <Table striped>
      <Table.Caption c="gray.7">{examples.data.length} example(s) loaded</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Example</Table.Th>
          <Table.Th scope="col">Services (image, ports)</Table.Th>
          <Table.Th scope="col">App</Table.Th>
          <Table.Th scope="col">Egress</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {examples.data.map((example) => (
          <Table.Tr key={example.name}>
            <Table.Th scope="row">
              <Text fw={600}>{example.title}</Text>
              <Code>{example.name}</Code>
            </Table.Th>
            <Table.Td>
              <List size="sm">
                {example.services.map((service) => (
                  <List.Item key={service.name}>
                    <strong>{service.name}</strong>: {service.image}
                    {service.ports.length > 0 ? `, ports ${service.ports.join(', ')}` : ''}
                  </List.Item>
                ))}
              </List>
            </Table.Td>
            <Table.Td>{example.hasApp ? 'yes' : 'no'}</Table.Td>
            <Table.Td>
              <Badge color={example.egress === 'internet' ? 'red.9' : 'gray.7'}>{example.egress}</Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Problems() {
  const problems = useQuery({
    queryKey: ['catalog-problems'],
    queryFn: () => expectData(api.GET('/api/catalog/problems')),
  });
  if (problems.isPending) return <Loader aria-label="Loading the manifests’ problems" />;
  if (problems.isError) return <ErrorView error={problems.error} onRetry={() => void problems.refetch()} />;
  if (problems.data.length === 0)
    return (
      <Alert color="blue" title="Every manifest loaded" role="status">
        No manifest under the examples folder was skipped.
      </Alert>
    );
  return (
    <Table striped>
      <Table.Caption c="gray.7">Manifests that did not load (skipped; fix them and restart the API)</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">File</Table.Th>
          <Table.Th scope="col">Path</Table.Th>
          <Table.Th scope="col">Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {problems.data.map((problem, index) => (
          <Table.Tr key={`${problem.file}:${problem.path}:${index}`}>
            <Table.Td>
              <Code>{problem.file}</Code>
            </Table.Td>
            <Table.Td>{problem.path ? <Code>{problem.path}</Code> : 'YAML syntax'}</Table.Td>
            <Table.Td>{problem.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Admins: the examples with their services, and the manifests that failed to load with where and why. */
export function Component() {
  return (
    <Container py="xl" size="lg">
      <Stack gap="lg">
        <Title order={2}>Catalog health</Title>
        <AdminNav />
        <Group>
          <Title order={3}>Examples</Title>
        </Group>
        <Examples />
        <Title order={3}>Manifests that failed to load</Title>
        <Problems />
      </Stack>
    </Container>
  );
}
