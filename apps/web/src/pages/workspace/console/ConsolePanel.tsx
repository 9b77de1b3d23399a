import { expectData, type LabSchemas } from '@lab/api-client';
import { Alert, Button, Code, Grid, Group, Kbd, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { useConsoleDraft } from '../console-draft';
import { historyKey, type Sandbox } from '../sandbox-data';
import { describeConsoleError, lineAndColumn, type ConsoleError } from './console-error';
import type { ErrorMark } from './error-mark';
import { HistoryList, type HistoryEntry } from './HistoryList';
import { PlanTree } from './PlanTree';
import { ResultGrid, type ConsoleResult } from './ResultGrid';
import { StatementEditor, type EditorLanguage } from './StatementEditor';

type Service = LabSchemas['ServiceConnectionDto'];
type Explain = 'plan' | 'analyze';

/** Engines the console talks to, with the editor's language and a first statement to start from. */
const ENGINES: Record<string, { language: EditorLanguage; label: string; explain: boolean; example: string }> = {
  postgresql: { language: 'postgresql', label: 'PostgreSQL', explain: true, example: 'SELECT 1;' },
  mariadb: { language: 'mariadb', label: 'MariaDB', explain: true, example: 'SELECT 1;' },
  redis: { language: 'plain', label: 'Redis', explain: false, example: 'PING' },
  mongodb: { language: 'plain', label: 'MongoDB', explain: true, example: '{"ping": 1}' },
};

interface Outcome {
  result?: ConsoleResult;
  error?: ConsoleError;
  /** The statement as it was sent (the position points into it). */
  statement: string;
  explain?: Explain;
}

/**
 * The query console: one statement at a time against one of the sandbox's databases, as the
 * student's own role. Each service keeps its own text while the student switches between them.
 */
export function ConsolePanel({ sandbox }: { sandbox: Sandbox }) {
  const services = useMemo(() => sandbox.services.filter((service) => service.engine in ENGINES), [sandbox.services]);
  const [serviceName, setServiceName] = useState(services[0]?.name ?? '');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const queryClient = useQueryClient();
  const service: Service | undefined = services.find((candidate) => candidate.name === serviceName) ?? services[0];
  const engine = service ? ENGINES[service.engine]! : undefined;
  const text = service ? (texts[service.name] ?? engine!.example) : '';
  const { draft } = useConsoleDraft();

  // A statement sent from the guide lands in the editor of the first SQL database shown.
  useEffect(() => {
    if (!draft) return;
    const target = services.find((candidate) => ENGINES[candidate.engine]!.language !== 'plain') ?? services[0];
    if (!target) return;
    setServiceName(target.name);
    setTexts((current) => ({ ...current, [target.name]: draft.statement }));
  }, [draft, services]);

  const run = useMutation({
    mutationFn: async (request: { service: string; statement: string; explain?: Explain }) =>
      expectData(
        api.POST('/api/sandboxes/{id}/query', {
          params: { path: { id: sandbox.id } },
          body: request,
        }),
      ),
    onSuccess: (result, request) =>
      setOutcome({ result, statement: request.statement, ...(request.explain ? { explain: request.explain } : {}) }),
    onError: (error, request) => setOutcome({ error: describeConsoleError(error), statement: request.statement }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: historyKey(sandbox.id) }),
  });

  if (!service || !engine) {
    return (
      <Alert color="gray" title="No database to query">
        This sandbox has no database service; use the terminal or the app instead.
      </Alert>
    );
  }

  const submit = (explain?: Explain) => {
    if (run.isPending || text.trim() === '') return;
    run.mutate({ service: service.name, statement: text, ...(explain ? { explain } : {}) });
  };
  const setText = (value: string) => setTexts((current) => ({ ...current, [service.name]: value }));
  const pick = (entry: HistoryEntry) => {
    if (services.some((candidate) => candidate.name === entry.service)) setServiceName(entry.service);
    setTexts((current) => ({ ...current, [entry.service]: entry.statement }));
  };
  // The mark only while the text is the one that failed (an edit removes it in the editor too).
  const errorMark: ErrorMark | null =
    outcome?.error?.position !== undefined && outcome.statement === text
      ? { position: outcome.error.position, message: outcome.error.detail }
      : null;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Stack gap="sm">
          <Group justify="space-between" align="end">
            <NativeSelect
              label="Database"
              value={service.name}
              onChange={(event) => setServiceName(event.currentTarget.value)}
              data={services.map((candidate) => ({
                value: candidate.name,
                label: `${candidate.name} (${ENGINES[candidate.engine]!.label})`,
              }))}
              w={260}
            />
            <Text size="sm">
              Run with <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> (<Kbd>⌘</Kbd> + <Kbd>Enter</Kbd> on a Mac)
            </Text>
          </Group>
          <StatementEditor
            key={service.name}
            label={`Statement for ${service.name} (${engine.label})`}
            language={engine.language}
            value={text}
            onChange={setText}
            onRun={() => submit()}
            errorMark={errorMark}
          />
          <Group gap="sm">
            <Button onClick={() => submit()} loading={run.isPending}>
              Run
            </Button>
            {engine.explain && (
              <>
                <Button variant="default" onClick={() => submit('plan')} disabled={run.isPending}>
                  Explain
                </Button>
                <Button variant="default" onClick={() => submit('analyze')} disabled={run.isPending}>
                  Explain analyze
                </Button>
              </>
            )}
          </Group>
          <Stack gap="sm" aria-live="polite">
            {outcome?.error && <StatementError error={outcome.error} statement={outcome.statement} />}
            {outcome?.result && outcome.result.plan !== undefined && (
              <Stack gap="xs">
                <Title order={3} size="h5">
                  {outcome.explain === 'analyze' ? 'Plan, as run' : 'Plan (not run)'}
                </Title>
                <PlanTree plan={outcome.result.plan} />
              </Stack>
            )}
            {outcome?.result && outcome.result.plan === undefined && <ResultGrid result={outcome.result} />}
          </Stack>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <HistoryList sandboxId={sandbox.id} onPick={pick} />
      </Grid.Col>
    </Grid>
  );
}

function StatementError({ error, statement }: { error: ConsoleError; statement: string }) {
  const at = error.position !== undefined ? lineAndColumn(statement, error.position) : undefined;
  return (
    <Alert color="red" title={error.title} role="alert">
      <Stack gap={4}>
        <Text size="sm">{error.detail}</Text>
        {error.code !== undefined && (
          <Text size="sm">
            Code: <Code>{error.code}</Code>
          </Text>
        )}
        {at && (
          <Text size="sm">
            At character {error.position} (line {at.line}, column {at.column}), marked in the editor.
          </Text>
        )}
        {error.hint && <Text size="sm">{error.hint}</Text>}
      </Stack>
    </Alert>
  );
}

// React.lazy takes a default export.
export default ConsolePanel;
