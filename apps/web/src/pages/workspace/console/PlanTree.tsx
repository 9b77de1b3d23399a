import { Box, Code, Group, List, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../StatusBadge';
import { toPlanTree, type PlanNode } from './plan-tree';

function PlanNodeItem({ node }: { node: PlanNode }) {
  const mismatch =
    node.actualRows !== undefined && node.estimatedRows !== undefined && node.estimatedRows > 0
      ? Math.max(node.actualRows / node.estimatedRows, node.estimatedRows / Math.max(node.actualRows, 1))
      : 1;
  return (
    <List.Item>
      <Stack gap={2} data-plan-node={node.type}>
        <Group gap="xs" wrap="wrap">
          <Text fw={700} size="sm">
            {node.type}
          </Text>
          {node.relation && (
            <Text size="sm">
              on <Code>{node.relation}</Code>
            </Text>
          )}
          {node.cost !== undefined && <Text size="sm">cost {node.cost}</Text>}
          {node.estimatedRows !== undefined && <Text size="sm">est. rows {node.estimatedRows}</Text>}
          {node.actualRows !== undefined && <Text size="sm">actual rows {node.actualRows}</Text>}
          {node.actualMs !== undefined && <Text size="sm">{node.actualMs.toFixed(3)} ms</Text>}
          {/* Words as well as colour: an estimate ten times off is what the student should look at. */}
          {mismatch >= 10 && <StatusBadge color="orange">estimate off ×{Math.round(mismatch)}</StatusBadge>}
        </Group>
        {node.details.map((detail) => (
          <Text key={detail} size="xs" ff="monospace">
            {detail}
          </Text>
        ))}
      </Stack>
      {node.children.length > 0 && <PlanList nodes={node.children} />}
    </List.Item>
  );
}

function PlanList({ nodes }: { nodes: PlanNode[] }) {
  return (
    <List withPadding listStyleType="disc" spacing={4}>
      {nodes.map((node, index) => (
        <PlanNodeItem key={index} node={node} />
      ))}
    </List>
  );
}

/** The engine's plan as a tree of nodes (or, for a shape it does not know, the JSON as given). */
export function PlanTree({ plan, label = 'Query plan' }: { plan: unknown; label?: string }) {
  const tree = toPlanTree(plan);
  if (!tree) {
    return (
      <Box component="pre" style={{ overflow: 'auto', maxHeight: 420 }} aria-label={`${label} (JSON)`}>
        {JSON.stringify(plan, null, 2)}
      </Box>
    );
  }
  return (
    <Stack gap="xs" role="region" aria-label={label}>
      {tree.totals.length > 0 && <Text size="sm">{tree.totals.join(' · ')}</Text>}
      <PlanList nodes={tree.roots} />
    </Stack>
  );
}
