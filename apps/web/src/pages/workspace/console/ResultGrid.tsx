import { Alert, Code, Stack, Table, Text } from '@mantine/core';
import type { LabSchemas } from '@lab/api-client';

export type ConsoleResult = LabSchemas['ConsoleResultDto'];

/** A cell as text: NULL said so, documents and arrays as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The rows of a console answer, scrollable both ways, with its row count, time and truncation. */
export function ResultGrid({ result }: { result: ConsoleResult }) {
  const rows = `${result.rowCount} ${result.rowCount === 1 ? 'row' : 'rows'}`;
  const time = `${result.durationMs.toFixed(1)} ms`;
  return (
    <Stack gap="xs">
      <Text size="sm" role="status">
        {result.columns.length === 0 ? `Done: ${rows} affected · ${time}` : `${rows} · ${time}`}
      </Text>
      {result.truncated && (
        <Alert color="yellow" title="Result truncated">
          Only the first {result.rows.length} rows are shown: the console stops at its row or size limit. Add a{' '}
          <Code>LIMIT</Code> or a <Code>WHERE</Code> to see the rows you want.
        </Alert>
      )}
      {(result.notices ?? []).map((notice, index) => (
        <Text key={index} size="sm">
          Notice: {notice}
        </Text>
      ))}
      {result.columns.length > 0 && (
        <Table.ScrollContainer minWidth={400} maxHeight={420} type="native">
          <Table striped highlightOnHover withTableBorder stickyHeader aria-label="Query result">
            <Table.Thead>
              <Table.Tr>
                {result.columns.map((column, index) => (
                  <Table.Th key={index} scope="col">
                    {column}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rows.map((row, rowIndex) => (
                <Table.Tr key={rowIndex}>
                  {row.map((cell, cellIndex) => (
                    <Table.Td key={cellIndex} ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                      {cellText(cell)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
