import { readFileSync } from 'node:fs';
import { buildControlApiDocument } from './control-api-document';
import { OPENAPI_JSON_FILE, REGENERATE_HINT, renderOpenApiJson, renderSchema, SCHEMA_FILE } from './generated-files';

/** Undefined when equal; otherwise what to do and a few lines from the first that differs. */
function staleness(file: string, committed: string, current: string): string | undefined {
  if (committed === current) return undefined;
  const before = committed.split('\n');
  const after = current.split('\n');
  const line = after.findIndex((text, index) => before[index] !== text);
  const at = line === -1 ? after.length : line;
  const excerpt = (lines: string[]) => lines.slice(at, at + 4).join('\n') || '(end of file)';
  return `${file} is stale: ${REGENERATE_HINT}. From line ${at + 1}, committed:\n${excerpt(before)}\nnow:\n${excerpt(after)}`;
}

describe('@lab/api-client generated files', () => {
  const committedJson = readFileSync(OPENAPI_JSON_FILE, 'utf8');

  it('openapi.json is the document the control API builds now', async () => {
    const current = renderOpenApiJson(await buildControlApiDocument());
    expect(staleness('libs/api-client/openapi.json', committedJson, current)).toBeUndefined();
  });

  it('src/schema.ts is what openapi-typescript makes of openapi.json', () => {
    const current = renderSchema(OPENAPI_JSON_FILE);
    expect(staleness('libs/api-client/src/schema.ts', readFileSync(SCHEMA_FILE, 'utf8'), current)).toBeUndefined();
  });
});
