import { expectData, LabApiError, type LabSchemas } from '@lab/api-client';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Container,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { rememberJoinCode, timeLeft, useNow, useWorkshops, workshopsKey } from './workshop-data';

type Created = LabSchemas['CreatedWorkshopDto'];
type FieldErrors = Partial<Record<'example' | 'seats' | 'endsAt', string>>;

/** `datetime-local` value (local time, minutes) of a moment. */
function localInputValue(at: Date): string {
  const shifted = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** What the form can tell before asking the API (the API checks everything again). */
function checkForm(example: string | null, seats: number | string, endsAt: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!example) errors.example = 'Choose an example';
  if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 1 || seats > 100)
    errors.seats = 'Seats must be a whole number from 1 to 100';
  const end = new Date(endsAt);
  if (!endsAt || Number.isNaN(end.getTime())) errors.endsAt = 'Give the date and time the workshop ends';
  else if (end.getTime() <= Date.now() + 60_000) errors.endsAt = 'The end must be at least a minute from now';
  return errors;
}

/** The API's field errors (problem `errors[].path`) placed at their fields. */
function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof LabApiError)) return {};
  const fields: FieldErrors = {};
  for (const item of error.problem?.errors ?? []) {
    const path = item.path.split('.')[0];
    if (path === 'example' || path === 'seats' || path === 'endsAt') fields[path] = item.message ?? 'Invalid';
  }
  return fields;
}

function CreateWorkshopForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const client = useQueryClient();
  const examples = useQuery({ queryKey: ['examples'], queryFn: () => expectData(api.GET('/api/examples')) });
  const [example, setExample] = useState<string | null>(null);
  const [seats, setSeats] = useState<number | string>(3);
  const [endsAt, setEndsAt] = useState(() => localInputValue(new Date(Date.now() + 90 * 60_000)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: () =>
      expectData(
        api.POST('/api/workshops', {
          body: { example: example!, seats: Number(seats), endsAt: new Date(endsAt).toISOString() },
        }),
      ),
    onSuccess: (created) => {
      rememberJoinCode(created.id, created.joinCode, created.endsAt);
      void client.invalidateQueries({ queryKey: workshopsKey });
      onCreated(created);
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkForm(example, seats, endsAt);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate();
  };
  const otherError = create.error && Object.keys(apiFieldErrors(create.error)).length === 0 ? create.error : null;

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="create-heading">
      <Stack gap="sm">
        <Title order={3} id="create-heading">
          New workshop
        </Title>
        <Select
          label="Example"
          placeholder={examples.isPending ? 'Loading the catalog…' : 'Choose an example'}
          data={(examples.data ?? []).map((item) => ({ value: item.name, label: `${item.title} (${item.name})` }))}
          value={example}
          onChange={setExample}
          searchable
          nothingFoundMessage="No such example"
          error={errors.example}
          required
        />
        <NumberInput label="Seats" min={1} max={100} value={seats} onChange={setSeats} error={errors.seats} required />
        <TextInput
          label="Ends at"
          type="datetime-local"
          value={endsAt}
          onChange={(event) => setEndsAt(event.currentTarget.value)}
          error={errors.endsAt}
          required
        />
        {otherError && <ErrorView error={otherError} />}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create workshop
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CreatedNotice({ created }: { created: Created }) {
  return (
    <Alert color="blue" title="Workshop created" role="status">
      <Stack gap="xs">
        <Text size="sm">
          Join code (shown this once; this browser keeps it for the join screen):{' '}
          <Code fz="lg">{created.joinCode}</Code>
        </Text>
        <Group>
          <Button component={Link} to={`/workshops/${created.id}`} size="xs">
            Open the class board
          </Button>
          <Button component={Link} to={`/workshops/${created.id}/join-screen`} size="xs" variant="light">
            Open the join screen
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function WorkshopList() {
  const workshops = useWorkshops();
  const now = useNow();
  if (workshops.isPending) return <Loader aria-label="Loading workshops" />;
  if (workshops.isError) return <ErrorView error={workshops.error} onRetry={() => void workshops.refetch()} />;
  if (workshops.data.length === 0) return <Text c="gray.7">No workshops yet.</Text>;
  return (
    <Table striped highlightOnHover>
      <Table.Caption c="gray.7">Your workshops, newest first</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Example</Table.Th>
          <Table.Th scope="col">Seats joined</Table.Th>
          <Table.Th scope="col">Time left</Table.Th>
          <Table.Th scope="col">Open</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {workshops.data.map((workshop) => {
          const ended = Boolean(workshop.endedAt) || new Date(workshop.endsAt).getTime() <= now;
          return (
            <Table.Tr key={workshop.id}>
              <Table.Td>{workshop.example}</Table.Td>
              <Table.Td>
                {workshop.seats.filter((seat) => seat.student).length} / {workshop.capacity}
              </Table.Td>
              <Table.Td>{ended ? <Badge color="gray.7">ended</Badge> : timeLeft(workshop.endsAt, now)}</Table.Td>
              <Table.Td>
                <Group gap="sm">
                  <Anchor component={Link} to={`/workshops/${workshop.id}`}>
                    Board<VisuallyHidden> of {workshop.example}</VisuallyHidden>
                  </Anchor>
                  {!ended && (
                    <Anchor component={Link} to={`/workshops/${workshop.id}/join-screen`}>
                      Join screen
                    </Anchor>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** A leader's workshops and a form to make one. */
export function Component() {
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <Container py="xl" size="lg">
      <Stack gap="lg">
        <Title order={2}>Workshops</Title>
        {created && <CreatedNotice created={created} />}
        <CreateWorkshopForm onCreated={setCreated} />
        <WorkshopList />
      </Stack>
    </Container>
  );
}
