import type { ComparisonResult, Workload } from '@lab/compare';

export const COMPARISON_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type ComparisonState = (typeof COMPARISON_STATES)[number];

/** What was asked: the workload as run (overrides applied) and the engines in the order they run. */
export interface ComparisonRequest {
  workload: Workload;
  engines: string[];
}

export interface ComparisonRecord {
  id: string;
  userId: string;
  sandboxId: string;
  request: ComparisonRequest;
  state: ComparisonState;
  error: string | null;
  result: ComparisonResult | null;
  createdAt: Date;
  finishedAt: Date | null;
}
