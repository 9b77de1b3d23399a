import { ActionIcon, Alert, Card, Code, CopyButton, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { Sandbox } from '../sandbox-data';

type Service = Sandbox['services'][number];

function CopyValue({ value, what }: { value: string; what: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`} withArrow>
          <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy ${what}`} size="sm">
            <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function ServiceCard({ service }: { service: Service }) {
  const rows: [string, string | undefined][] = [
    ['Host', service.host],
    ['Port', String(service.port)],
    ['User', service.username],
    ['Password', service.password],
    ['Database', service.database],
    ['URL', service.url],
  ];
  return (
    <Card withBorder component="section" aria-labelledby={`connection-${service.name}`}>
      <Title order={3} size="h5" id={`connection-${service.name}`} mb="xs">
        {service.name} ({service.engine})
      </Title>
      <Table withRowBorders={false} verticalSpacing={4} aria-labelledby={`connection-${service.name}`}>
        <Table.Tbody>
          {rows
            .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
            .map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row" w={110}>
                  {name}
                </Table.Th>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
                    <CopyValue value={value} what={`${service.name} ${name.toLowerCase()}`} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * Where each service listens, for students sitting at the server: ports are published on the
 * server's loopback only, so from any other machine the console, terminal and app tabs are the way in.
 */
export function ConnectionPanel({ sandbox }: { sandbox: Sandbox }) {
  return (
    <Stack gap="md">
      <Alert color="blue" title="From another machine?">
        <Text size="sm">
          These addresses work only on the lab server itself (the ports listen on its loopback). From your own computer,
          use the Console, Terminal and App tabs: they reach the sandbox through this page.
        </Text>
      </Alert>
      {sandbox.services.length === 0 ? (
        <Text size="sm">No connection details yet: they appear once the sandbox is ready.</Text>
      ) : (
        sandbox.services.map((service) => <ServiceCard key={service.name} service={service} />)
      )}
    </Stack>
  );
}
