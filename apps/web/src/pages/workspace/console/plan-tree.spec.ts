import { describe, expect, it } from '@jest/globals';
import { toPlanTree } from './plan-tree';

describe('toPlanTree', () => {
  it('reads PostgreSQL’s JSON plan with costs, estimates and per-loop actual rows as totals', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'Nested Loop',
          'Join Type': 'Inner',
          'Startup Cost': 0,
          'Total Cost': 12.5,
          'Plan Rows': 4,
          'Actual Rows': 3,
          'Actual Loops': 1,
          'Actual Total Time': 0.2,
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'orders',
              'Startup Cost': 0,
              'Total Cost': 1.05,
              'Plan Rows': 2,
              Filter: '(customer_id = 1)',
            },
            {
              'Node Type': 'Index Scan',
              'Relation Name': 'order_lines',
              'Index Name': 'order_lines_pkey',
              'Startup Cost': 0.15,
              'Total Cost': 5.5,
              'Plan Rows': 2,
              'Actual Rows': 2,
              'Actual Loops': 3,
              'Actual Total Time': 0.01,
            },
          ],
        },
        'Planning Time': 0.1234,
        'Execution Time': 0.5,
      },
    ];
    const tree = toPlanTree(plan);
    expect(tree?.totals).toEqual(['Planning Time: 0.123 ms', 'Execution Time: 0.500 ms']);
    expect(tree?.roots[0]).toMatchObject({
      type: 'Nested Loop',
      cost: '0.00..12.50',
      estimatedRows: 4,
      actualRows: 3,
      details: ['Join Type: Inner'],
    });
    expect(tree?.roots[0]?.children).toEqual([
      {
        type: 'Seq Scan',
        relation: 'orders',
        cost: '0.00..1.05',
        estimatedRows: 2,
        details: ['Filter: (customer_id = 1)'],
        children: [],
      },
      expect.objectContaining({
        type: 'Index Scan',
        relation: 'order_lines',
        estimatedRows: 2,
        actualRows: 6,
        details: ['Index Name: order_lines_pkey'],
      }),
    ]);
  });

  it('reads MariaDB’s query block with its nested loop of tables and analyzed rows', () => {
    const plan = {
      query_block: {
        select_id: 1,
        cost: 0.02,
        r_total_time_ms: 0.3,
        nested_loop: [
          {
            table: {
              table_name: 'books',
              access_type: 'ALL',
              rows: 30,
              r_rows: 30,
              r_loops: 1,
              cost: 0.01,
              attached_condition: 'books.stock = 0',
            },
          },
          {
            table: {
              table_name: 'orders',
              access_type: 'ref',
              key: 'orders_customer',
              rows: 2,
              r_rows: 1.5,
              r_loops: 2,
            },
          },
        ],
      },
    };
    const tree = toPlanTree(plan);
    expect(tree?.totals).toEqual(['Total time: 0.3 ms']);
    expect(tree?.roots[0]).toMatchObject({ type: 'query_block', cost: '0.02', details: ['select_id: 1'] });
    expect(tree?.roots[0]?.children).toEqual([
      {
        type: 'table (ALL)',
        relation: 'books',
        cost: '0.01',
        estimatedRows: 30,
        actualRows: 30,
        details: ['attached_condition: books.stock = 0'],
        children: [],
      },
      {
        type: 'table (ref)',
        relation: 'orders',
        estimatedRows: 2,
        actualRows: 3,
        details: ['key: orders_customer'],
        children: [],
      },
    ]);
  });

  it('reads MongoDB’s execution stages with rows returned', () => {
    const tree = toPlanTree({
      queryPlanner: { winningPlan: { stage: 'FETCH' } },
      executionStats: {
        executionTimeMillis: 2,
        totalDocsExamined: 5,
        executionStages: {
          stage: 'FETCH',
          nReturned: 5,
          docsExamined: 5,
          inputStage: { stage: 'IXSCAN', indexName: 'title_1', nReturned: 5 },
        },
      },
    });
    expect(tree).toEqual({
      totals: ['Execution time: 2 ms', 'Documents examined: 5'],
      roots: [
        {
          type: 'FETCH',
          actualRows: 5,
          details: ['examined: 5'],
          children: [{ type: 'IXSCAN', relation: 'title_1', actualRows: 5, details: [], children: [] }],
        },
      ],
    });
  });

  it('gives up on a shape it does not know rather than drawing a wrong tree', () => {
    expect([toPlanTree([]), toPlanTree({ something: 1 }), toPlanTree('text')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
