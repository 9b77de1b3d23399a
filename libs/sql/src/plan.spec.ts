import { planSteps, QueryPlan } from './plan';

describe('planSteps', () => {
  it('flattens the plan tree parents first, keeping relation and index names', () => {
    const plan: QueryPlan = {
      Plan: {
        'Node Type': 'Limit',
        Plans: [
          {
            'Node Type': 'Nested Loop',
            Plans: [
              { 'Node Type': 'Index Scan', 'Relation Name': 'orders', 'Index Name': 'orders_customer_history_idx' },
              { 'Node Type': 'Seq Scan', 'Relation Name': 'books' },
            ],
          },
        ],
      },
    };
    expect(planSteps(plan)).toEqual([
      { depth: 0, nodeType: 'Limit' },
      { depth: 1, nodeType: 'Nested Loop' },
      { depth: 2, nodeType: 'Index Scan', relation: 'orders', index: 'orders_customer_history_idx' },
      { depth: 2, nodeType: 'Seq Scan', relation: 'books' },
    ]);
  });
});
