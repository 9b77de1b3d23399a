import { Card, Code, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { PlanTree } from '../../workspace/console/PlanTree';

/** What the page needs of an engine's result: its plans per operation (`EngineResultDto.plans`). */
export interface EnginePlans {
  engine: string;
  model: string;
  plans?: { operation: string; statement: string; plan?: unknown; note?: string }[];
}

/**
 * Per operation, the engines side by side: the statement each ran (with sample values) and its plan
 * from the console's explain, drawn with the console's own plan tree, or the engine's note when it
 * has no planner. This is the "why" beside the numbers.
 */
export function QueryPlans({ results }: { results: EnginePlans[] }) {
  const operations = [...new Set(results.flatMap((r) => (r.plans ?? []).map((p) => p.operation)))];
  if (operations.length === 0) return null;
  return (
    <Stack component="section" aria-label="Statements and query plans" gap="md">
      <Title order={3}>Statements and query plans</Title>
      {operations.map((operation) => (
        <Stack key={operation} gap="xs" data-plans-operation={operation}>
          <Title order={4}>{operation}</Title>
          <SimpleGrid cols={{ base: 1, md: Math.min(results.length, 3) }}>
            {results.map((result) => {
              const plan = result.plans?.find((p) => p.operation === operation);
              if (!plan) return null;
              return (
                <Card key={result.engine} withBorder data-plans-engine={result.engine}>
                  <Stack gap="xs">
                    <Text fw={700}>
                      {result.engine} <Text span>({result.model})</Text>
                    </Text>
                    {/* A long statement scrolls: focusable, so a keyboard can scroll it too. */}
                    <Code block tabIndex={0} aria-label={`Statement: ${result.engine}, ${operation}`}>
                      {plan.statement.trim()}
                    </Code>
                    {plan.plan !== undefined && (
                      <PlanTree plan={plan.plan} label={`Query plan: ${result.engine}, ${operation}`} />
                    )}
                    {plan.note && <Text size="sm">{plan.note}</Text>}
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
