import { planSteps, QueryPlan } from '@lab/sql';
import type { QueryPlanView } from './bookstore-store';

type Step = QueryPlanView['steps'][number];

/** PostgreSQL's plan tree, parents first, as EXPLAIN's text output prints it. */
export function postgresPlanSteps(plan: QueryPlan): Step[] {
  return planSteps(plan).map(({ depth, nodeType, relation, index }) => ({
    depth,
    operation: nodeType,
    ...(relation ? { on: relation } : {}),
    ...(index ? { index } : {}),
  }));
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * MongoDB's explain comes in several shapes: a find/update plan under `queryPlanner.winningPlan`
 * (`queryPlan` inside it for the slot-based engine), or, for a pipeline that is only partly pushed
 * down, a `stages` list whose `$cursor` holds the query plan and whose other entries ($group, $sort…)
 * run after it. This flattens any of them to the stages in pipeline order, each plan tree parents
 * first: COLLSCAN versus IXSCAN (with its index) is what a student looks for.
 */
export function mongoPlanSteps(explain: unknown): Step[] {
  const steps: Step[] = [];
  if (!isNode(explain)) return steps;
  if (Array.isArray(explain.stages)) {
    for (const stage of explain.stages.filter(isNode)) {
      const cursor = stage.$cursor;
      if (isNode(cursor)) visitPlanner(cursor.queryPlanner, steps);
      else steps.push(...Object.keys(stage).map((operation) => ({ depth: 0, operation })));
    }
    return steps;
  }
  visitPlanner(explain.queryPlanner, steps);
  return steps;
}

function visitPlanner(planner: unknown, steps: Step[]): void {
  if (!isNode(planner) || !isNode(planner.winningPlan)) return;
  const winning = planner.winningPlan;
  const collection = typeof planner.namespace === 'string' ? planner.namespace.split('.').slice(1).join('.') : '';
  visitStage(isNode(winning.queryPlan) ? winning.queryPlan : winning, 0, collection, steps);
}

function visitStage(node: Node, depth: number, collection: string, steps: Step[]): void {
  if (typeof node.stage !== 'string') return;
  const readsCollection = ['COLLSCAN', 'IXSCAN', 'FETCH', 'IDHACK', 'EXPRESS_IXSCAN', 'EXPRESS_UPDATE'];
  steps.push({
    depth,
    operation: node.stage,
    ...(collection && readsCollection.includes(node.stage) ? { on: collection } : {}),
    ...(typeof node.indexName === 'string' ? { index: node.indexName } : {}),
  });
  const children = [node.inputStage, ...(Array.isArray(node.inputStages) ? node.inputStages : [])];
  for (const child of children.filter(isNode)) visitStage(child, depth + 1, collection, steps);
}
