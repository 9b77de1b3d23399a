import { expectData } from '@lab/api-client';
import { Button, Card, Code, Group, Loader, Progress, Stack, Text, Title, Typography } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../api/client';
import { ErrorView } from '../../../components/ErrorView';
import { labKey, useLab, type CheckResult, type Lab, type LabStep } from '../sandbox-data';
import { StatusBadge } from '../StatusBadge';
import { useConsoleDraft } from '../console-draft';
import { instructionParts } from './markdown';

/** The lab guide: every step's instructions, its Check and result, and the progress over all. */
export function GuidePanel({ sandboxId }: { sandboxId: string }) {
  const lab = useLab(sandboxId, true);
  if (lab.isPending) return <Loader aria-label="Loading the guide" />;
  if (lab.error) return <ErrorView error={lab.error} onRetry={() => void lab.refetch()} />;
  const guide = lab.data;
  const percent = guide.total === 0 ? 0 : Math.round((guide.passed / guide.total) * 100);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="sm" id="guide-progress-label">
          {guide.passed} of {guide.total} steps passed
        </Text>
        <Progress.Root size="lg">
          <Progress.Section
            value={percent}
            aria-labelledby="guide-progress-label"
            color={percent === 100 ? 'green' : 'blue'}
          />
        </Progress.Root>
      </Stack>
      {guide.steps.map((step, index) => (
        <StepCard key={step.id} sandboxId={sandboxId} step={step} number={index + 1} />
      ))}
    </Stack>
  );
}

/** The lab as it is after a check: the step's latest result and the passed count, until the next fetch. */
function withCheck(lab: Lab, result: CheckResult): Lab {
  const steps = lab.steps.map((step) =>
    step.id === result.step
      ? { ...step, passed: result.passed, detail: result.detail, checkedAt: result.checkedAt }
      : step,
  );
  return { ...lab, steps, passed: steps.filter((step) => step.passed).length };
}

function StepCard({ sandboxId, step, number }: { sandboxId: string; step: LabStep; number: number }) {
  const queryClient = useQueryClient();
  const parts = useMemo(() => instructionParts(step.instructions), [step.instructions]);
  const check = useMutation({
    mutationFn: () =>
      expectData(
        api.POST('/api/sandboxes/{id}/lab/steps/{step}/check', { params: { path: { id: sandboxId, step: step.id } } }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData<Lab>(labKey(sandboxId), (lab) => (lab ? withCheck(lab, result) : lab));
      void queryClient.invalidateQueries({ queryKey: labKey(sandboxId) });
    },
  });
  const titleId = `step-${step.id}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId} padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="start">
          <Title order={3} size="h4" id={titleId}>
            {number}. {step.title}
          </Title>
          <StepBadge step={step} />
        </Group>
        {/* Sanitised by renderMarkdown (DOMPurify) before it reaches the page. */}
        <Typography>
          {parts.map((part, index) =>
            part.kind === 'html' ? (
              // Sanitised by instructionParts (DOMPurify) before it reaches the page.
              <div key={index} dangerouslySetInnerHTML={{ __html: part.html }} />
            ) : (
              <CodeBlock key={index} language={part.language} text={part.text} />
            ),
          )}
        </Typography>
        {step.solution && step.solution.length > 0 && (
          <details>
            <summary>Solution</summary>
            <Stack gap={4} mt="xs">
              {step.solution.map((action, index) => (
                <Code key={index} block>
                  {JSON.stringify(action, null, 2)}
                </Code>
              ))}
            </Stack>
          </details>
        )}
        {step.hasCheck ? (
          <Group gap="sm" align="center">
            <Button onClick={() => check.mutate()} loading={check.isPending} variant="light">
              Check
            </Button>
            <CheckOutcome step={step} error={check.error} />
          </Group>
        ) : (
          <Text size="sm">This step has no automatic check.</Text>
        )}
      </Stack>
    </Card>
  );
}

/** A code block of the instructions; SQL ones can go to the console in one click (one statement each). */
function CodeBlock({ language, text }: { language: string; text: string }) {
  const { sendToConsole } = useConsoleDraft();
  const statements = language === 'sql' ? splitStatements(text) : [];
  return (
    <Stack gap={4} mb="sm">
      <pre>
        <code className={language ? `language-${language}` : undefined}>{text}</code>
      </pre>
      {statements.length > 0 && (
        <Group gap="xs">
          {statements.map((statement, index) => (
            <Button key={index} size="compact-xs" variant="default" onClick={() => sendToConsole(statement)}>
              {statements.length === 1 ? 'Open in console' : `Open statement ${index + 1} in console`}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** The console runs one statement at a time: a block's statements, one per line ending in `;`. */
function splitStatements(text: string): string[] {
  return text
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

function StepBadge({ step }: { step: LabStep }) {
  if (step.checkedAt === undefined) return <StatusBadge color="gray">Not checked</StatusBadge>;
  return step.passed ? (
    <StatusBadge color="green">Passed</StatusBadge>
  ) : (
    <StatusBadge color="red">Not passed</StatusBadge>
  );
}

/** The latest check: passed or failed in words, what the check saw, and when. */
function CheckOutcome({ step, error }: { step: LabStep; error: unknown }) {
  if (error) {
    return <ErrorView error={error} />;
  }
  if (step.checkedAt === undefined) return null;
  return (
    <Text size="sm" role="status" data-checked-at={step.checkedAt}>
      <strong>{step.passed ? 'Passed' : 'Failed'}</strong>
      {step.detail ? `: ${step.detail}` : ''} ({new Date(step.checkedAt).toLocaleTimeString()})
    </Text>
  );
}

export default GuidePanel;
