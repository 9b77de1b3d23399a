/** The JSON PostgreSQL prints for EXPLAIN (FORMAT JSON): one object per statement. */
export interface QueryPlan {
  Plan: PlanNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
  [key: string]: unknown;
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

/** A plan node reduced to what a student looks for first: what ran, on which table, by which index. */
export interface PlanStep {
  depth: number;
  nodeType: string;
  relation?: string;
  index?: string;
}

/** Depth-first, parents before children: the order EXPLAIN's text format prints them. */
export function planSteps(plan: QueryPlan): PlanStep[] {
  const steps: PlanStep[] = [];
  const visit = (node: PlanNode, depth: number) => {
    steps.push({
      depth,
      nodeType: node['Node Type'],
      ...(node['Relation Name'] ? { relation: node['Relation Name'] } : {}),
      ...(node['Index Name'] ? { index: node['Index Name'] } : {}),
    });
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(plan.Plan, 0);
  return steps;
}
