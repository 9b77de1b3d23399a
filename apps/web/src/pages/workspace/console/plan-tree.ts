/**
 * Engines' query plans as one tree the page can draw: PostgreSQL's `EXPLAIN (FORMAT JSON)`, MariaDB's
 * `EXPLAIN/ANALYZE FORMAT=JSON` and MongoDB's `explain` each have their own shape; the console shows
 * the node type, the relation, the costs, and estimated against actual rows when the plan was run.
 */
export interface PlanNode {
  /** What the node does: `Seq Scan`, `Hash Join`, `table (ALL)`, `IXSCAN`… */
  type: string;
  /** The table, index or collection it reads, when it reads one. */
  relation?: string;
  /** The engine's cost estimate, as the engine words it (`0.00..1.05`, `2.3`). */
  cost?: string;
  estimatedRows?: number;
  /** Rows it really produced (analyze only). */
  actualRows?: number;
  /** Time it really took, in ms (analyze only). */
  actualMs?: number;
  /** A few more facts worth reading: conditions, index, join type, filtered share. */
  details: string[];
  children: PlanNode[];
}

export interface PlanSummary {
  roots: PlanNode[];
  /** Planning/execution times and the like, for the line above the tree. */
  totals: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** The plan of a console answer as a tree; `undefined` when its shape is none of the known ones. */
export function toPlanTree(plan: unknown): PlanSummary | undefined {
  const first = Array.isArray(plan) ? plan[0] : plan;
  if (isObject(first) && isObject(first['Plan'])) return postgresPlan(first);
  if (isObject(first) && isObject(first['query_block'])) return mariadbPlan(first['query_block']);
  if (isObject(first) && (isObject(first['queryPlanner']) || isObject(first['executionStats'])))
    return mongoPlan(first);
  return undefined;
}

// PostgreSQL: {"Plan": {"Node Type", "Relation Name", "Startup Cost", "Total Cost", "Plan Rows",
// "Actual Rows", "Actual Loops", "Actual Total Time", "Plans": […]}, "Planning Time", "Execution Time"}
const PG_DETAILS = [
  'Join Type',
  'Index Name',
  'Index Cond',
  'Hash Cond',
  'Merge Cond',
  'Filter',
  'Sort Key',
  'Group Key',
];

function postgresPlan(root: Json): PlanSummary {
  const totals = ['Planning Time', 'Execution Time']
    .filter((key) => num(root[key]) !== undefined)
    .map((key) => `${key}: ${num(root[key])!.toFixed(3)} ms`);
  return { roots: [postgresNode(root['Plan'] as Json)], totals };
}

function postgresNode(node: Json): PlanNode {
  const startup = num(node['Startup Cost']);
  const total = num(node['Total Cost']);
  const loops = num(node['Actual Loops']) ?? 1;
  const actualRows = num(node['Actual Rows']);
  const actualMs = num(node['Actual Total Time']);
  const relation = text(node['Relation Name']) ?? text(node['Index Name']) ?? text(node['Function Name']);
  return {
    type: text(node['Node Type']) ?? 'Node',
    ...(relation !== undefined ? { relation } : {}),
    ...(startup !== undefined && total !== undefined ? { cost: `${startup.toFixed(2)}..${total.toFixed(2)}` } : {}),
    ...(num(node['Plan Rows']) !== undefined ? { estimatedRows: num(node['Plan Rows'])! } : {}),
    // PostgreSQL reports rows and time per loop: the totals are what a person compares.
    ...(actualRows !== undefined ? { actualRows: actualRows * loops } : {}),
    ...(actualMs !== undefined ? { actualMs: actualMs * loops } : {}),
    details: PG_DETAILS.flatMap((key) => {
      const value = node[key];
      const shown = Array.isArray(value) ? value.map(String).join(', ') : text(value);
      return shown === undefined || (key === 'Index Name' && shown === relation) ? [] : [`${key}: ${shown}`];
    }),
    children: Array.isArray(node['Plans']) ? node['Plans'].filter(isObject).map(postgresNode) : [],
  };
}

// MariaDB: {"query_block": {"select_id", "cost", "nested_loop": [{"table": {…}}], "filesort": {…}, …}}
// where a table has table_name, access_type, key, rows, cost, attached_condition and, analyzed,
// r_rows, r_loops and r_total_time_ms. Every other object member is an operation (filesort,
// temporary_table, subqueries…) holding more of them.
const MARIADB_SKIPPED = new Set(['cost_info', 'r_engine_stats', 'r_filesort_time_ms']);

function mariadbPlan(block: Json): PlanSummary {
  const totals = num(block['r_total_time_ms']) !== undefined ? [`Total time: ${num(block['r_total_time_ms'])} ms`] : [];
  return { roots: [mariadbNode('query_block', block)], totals };
}

function mariadbNode(name: string, node: Json): PlanNode {
  const children: PlanNode[] = [];
  const details: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (MARIADB_SKIPPED.has(key)) continue;
    if (isObject(value)) children.push(mariadbNode(key, value));
    else if (Array.isArray(value) && value.every(isObject)) {
      for (const item of value) {
        // nested_loop: [{table: …}, {table: …}]: each item is a one-member wrapper.
        const entries = Object.entries(item);
        const only = entries.length === 1 ? entries[0] : undefined;
        children.push(only && isObject(only[1]) ? mariadbNode(only[0], only[1]) : mariadbNode(key, item));
      }
    } else if (['attached_condition', 'key', 'filtered', 'r_filtered', 'select_id'].includes(key)) {
      details.push(`${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
    }
  }
  const access = text(node['access_type']);
  const relation = text(node['table_name']);
  const cost = text(node['cost']) ?? text((node['cost_info'] as Json | undefined)?.['query_cost']);
  const estimatedRows = num(node['rows']);
  const actualRows = num(node['r_rows']);
  const loops = num(node['r_loops']) ?? 1;
  const actualMs = num(node['r_total_time_ms']);
  return {
    type: access ? `${name} (${access})` : name,
    ...(relation !== undefined ? { relation } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(estimatedRows !== undefined ? { estimatedRows } : {}),
    ...(actualRows !== undefined ? { actualRows: actualRows * loops } : {}),
    ...(actualMs !== undefined ? { actualMs } : {}),
    details,
    children,
  };
}

// MongoDB: queryPlanner.winningPlan (stage, inputStage/inputStages; queryPlan under SBE), and with
// executionStats the executionStages, which carry nReturned and executionTimeMillisEstimate.
function mongoPlan(root: Json): PlanSummary {
  const stats = root['executionStats'];
  const planner = root['queryPlanner'];
  const winning = isObject(planner) && isObject(planner['winningPlan']) ? planner['winningPlan'] : undefined;
  const stages = isObject(stats) && isObject(stats['executionStages']) ? stats['executionStages'] : undefined;
  const start = stages ?? (winning && isObject(winning['queryPlan']) ? winning['queryPlan'] : winning);
  const totals =
    isObject(stats) && num(stats['executionTimeMillis']) !== undefined
      ? [
          `Execution time: ${num(stats['executionTimeMillis'])} ms`,
          `Documents examined: ${num(stats['totalDocsExamined']) ?? 0}`,
        ]
      : [];
  return { roots: start ? [mongoNode(start)] : [], totals };
}

function mongoNode(node: Json): PlanNode {
  const inputs = [
    ...(isObject(node['inputStage']) ? [node['inputStage']] : []),
    ...(Array.isArray(node['inputStages']) ? node['inputStages'].filter(isObject) : []),
  ];
  const relation = text(node['indexName']);
  const actualRows = num(node['nReturned']);
  const actualMs = num(node['executionTimeMillisEstimate']);
  const examined = num(node['docsExamined']) ?? num(node['keysExamined']);
  return {
    type: text(node['stage']) ?? 'stage',
    ...(relation !== undefined ? { relation } : {}),
    ...(actualRows !== undefined ? { actualRows } : {}),
    ...(actualMs !== undefined ? { actualMs } : {}),
    details: [
      ...(isObject(node['filter']) ? [`filter: ${JSON.stringify(node['filter'])}`] : []),
      ...(examined !== undefined ? [`examined: ${examined}`] : []),
    ],
    children: inputs.map(mongoNode),
  };
}
