import { mongoPlanSteps, postgresPlanSteps } from './plan-steps';

describe('plan steps', () => {
  it('flattens a PostgreSQL plan, parents first, naming tables and indexes', () => {
    const plan = {
      Plan: {
        'Node Type': 'Limit',
        Plans: [
          {
            'Node Type': 'Index Scan',
            'Relation Name': 'orders',
            'Index Name': 'orders_placed_at_idx',
          },
        ],
      },
    };
    expect(postgresPlanSteps(plan)).toEqual([
      { depth: 0, operation: 'Limit' },
      { depth: 1, operation: 'Index Scan', on: 'orders', index: 'orders_placed_at_idx' },
    ]);
  });

  it('reads a find/update plan (classic engine) from queryPlanner.winningPlan', () => {
    const explain = {
      queryPlanner: {
        namespace: 'bookstore.customers',
        winningPlan: {
          stage: 'UPDATE',
          inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'wishlist_book' } },
        },
      },
    };
    expect(mongoPlanSteps(explain)).toEqual([
      { depth: 0, operation: 'UPDATE' },
      { depth: 1, operation: 'FETCH', on: 'customers' },
      { depth: 2, operation: 'IXSCAN', on: 'customers', index: 'wishlist_book' },
    ]);
  });

  it('reads the slot-based engine’s queryPlan and a pipeline’s later stages in order', () => {
    const explain = {
      stages: [
        {
          $cursor: {
            queryPlanner: {
              namespace: 'bookstore.orders',
              winningPlan: { queryPlan: { stage: 'COLLSCAN' }, slotBasedPlan: { stages: '…' } },
            },
          },
        },
        { $unwind: { path: '$lines' } },
        { $group: {} },
      ],
    };
    expect(mongoPlanSteps(explain)).toEqual([
      { depth: 0, operation: 'COLLSCAN', on: 'orders' },
      { depth: 0, operation: '$unwind' },
      { depth: 0, operation: '$group' },
    ]);
  });

  it('returns nothing for a shape it does not know, instead of failing', () => {
    expect(mongoPlanSteps(undefined)).toEqual([]);
    expect(mongoPlanSteps({ ok: 1 })).toEqual([]);
  });
});
