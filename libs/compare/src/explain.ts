import { runConsoleQuery, type ConsoleQuery, type ConsoleResult, type EngineName } from '@lab/engines';
import type { CompareEngine } from './engine';
import type { OperationName, Workload } from './workload';

/**
 * Per operation, the statement an engine runs and its query plan, so a reader sees *why* one engine
 * is faster: the plan comes from the console's own explain (`plan` mode, never `analyze`: that would
 * run the writes), so it has the shape the console shows (`ConsoleResult.plan`).
 */
export interface OperationPlan {
  operation: string;
  /** The representative statement explained: the operation's statement with sample values bound. */
  statement: string;
  /** The engine's plan as the console returns it (PostgreSQL / MariaDB JSON); absent with a note. */
  plan?: unknown;
  /** Why there is no plan (and what the engine does instead), or what the plan leaves out. */
  note?: string;
}

/** One operation as an engine explains it: a statement for the console's explain, or a note only. */
export interface PlanProbe {
  operation: OperationName;
  statement: string;
  /** False: the engine has no planner for it; `note` says what it does instead. */
  explain: boolean;
  note?: string;
}

/** What an explain may cost: a plan is one row of JSON. */
export const EXPLAIN_LIMITS: ConsoleQuery['limits'] = { timeoutMs: 10_000, maxRows: 1, maxBytes: 1_000_000 };

type ConsoleRunner = (engine: EngineName, url: string, query: ConsoleQuery) => Promise<ConsoleResult>;

/**
 * Binds sample values into a parameterised statement, so the console (which takes one plain
 * statement) can explain it: `$n` (PostgreSQL) or `?` in order (MariaDB). Numbers as they are,
 * strings as quoted literals.
 */
export function bindLiterals(sql: string, values: readonly (number | string)[], style: 'dollar' | 'question'): string {
  const literal = (value: number | string | undefined, at: string) => {
    if (value === undefined) throw new Error(`no sample value for ${at}`);
    return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
  };
  if (style === 'dollar') return sql.replace(/\$(\d+)/g, (at, n: string) => literal(values[Number(n) - 1], at));
  let index = 0;
  return sql.replace(/\?/g, (at) => literal(values[index++], at));
}

/** Each probe through the console's explain; an engine's refusal becomes the operation's note. */
export async function explainProbes(
  engine: EngineName,
  url: string,
  probes: readonly PlanProbe[],
  run: ConsoleRunner = runConsoleQuery,
): Promise<OperationPlan[]> {
  const plans: OperationPlan[] = [];
  for (const probe of probes) {
    const base = { operation: probe.operation, statement: probe.statement };
    if (!probe.explain) {
      plans.push({ ...base, note: probe.note ?? 'no query planner' });
      continue;
    }
    try {
      const result = await run(engine, url, { statement: probe.statement, explain: 'plan', limits: EXPLAIN_LIMITS });
      plans.push({ ...base, plan: result.plan, ...(probe.note ? { note: probe.note } : {}) });
    } catch (error) {
      plans.push({ ...base, note: `explain failed: ${(error as Error).message.slice(0, 300)}` });
    }
  }
  return plans;
}

/**
 * The plans of the workload's operations on one engine, in the workload's order. A read-modify-write
 * is two operations the engine already has (a point read, then a price change), so it points there.
 */
export async function planWorkload(engine: CompareEngine, workload: Workload): Promise<OperationPlan[]> {
  const explained = engine.explain ? await engine.explain() : [];
  const statements = engine.statements();
  return workload.operations.map(({ name }): OperationPlan => {
    const found = explained.find((p) => p.operation === name);
    if (found) return found;
    if (name === 'read-modify-write') {
      return {
        operation: name,
        statement: [statements['point-read'], statements['price-change']].filter(Boolean).join('; '),
        note: 'a point-read, then a price-change: see their plans',
      };
    }
    return { operation: name, statement: statements[name] ?? '', note: `${engine.name} explains no plans` };
  });
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A plan as indented lines for the Markdown report: each node's kind and what it reads, the way
 * the console's tree names them (PostgreSQL nodes, MariaDB tables with their access type). The
 * JSON report keeps the whole plan; this is for reading.
 */
export function planOutline(plan: unknown): string[] {
  const first = Array.isArray(plan) ? plan[0] : plan;
  const lines: string[] = [];
  const pgNode = (node: Json, depth: number) => {
    const reads = [node['Relation Name'], node['Index Name'] && `using ${String(node['Index Name'])}`]
      .filter(Boolean)
      .join(' ');
    lines.push(`${'  '.repeat(depth)}${String(node['Node Type'])}${reads ? ` on ${reads}` : ''}`);
    for (const child of Array.isArray(node['Plans']) ? node['Plans'] : [])
      if (isObject(child)) pgNode(child, depth + 1);
  };
  const mariaNode = (node: unknown, depth: number) => {
    if (Array.isArray(node)) return node.forEach((n) => mariaNode(n, depth));
    if (!isObject(node)) return;
    const table = node['table'];
    if (isObject(table)) {
      const key = table['key'] ? ` using ${String(table['key'])}` : '';
      lines.push(`${'  '.repeat(depth)}${String(table['table_name'])} (${String(table['access_type'])})${key}`);
    }
    for (const [name, value] of Object.entries(node)) {
      if (name === 'table') continue;
      if (isObject(value) || Array.isArray(value)) {
        const labelled = /^(filesort|temporary_table|nested_loop|subqueries|read_sorted_file|grouping_operation)$/.test(
          name,
        );
        if (labelled) lines.push(`${'  '.repeat(depth)}${name.replace(/_/g, ' ')}`);
        mariaNode(value, labelled ? depth + 1 : depth);
      }
    }
  };
  if (isObject(first) && isObject(first['Plan'])) pgNode(first['Plan'], 0);
  else if (isObject(first) && isObject(first['query_block'])) mariaNode(first['query_block'], 0);
  return lines;
}
