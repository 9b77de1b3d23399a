import { capacityAgainstFloors, FLOOR_NAMES } from './floor-figures';

describe('capacityAgainstFloors', () => {
  it('puts each route’s closed-loop rate against every floor measured', () => {
    const capacities = new Map([
      ['GET /api/sandboxes', 1_720],
      ['GET /api/sandboxes/:id', 1_800],
      [FLOOR_NAMES.node, 34_000],
      [FLOOR_NAMES['nest-express'], 4_000],
    ]);
    expect(capacityAgainstFloors(capacities, ['GET /api/sandboxes', 'GET /api/sandboxes/:id'])).toBe(
      'Capacity (closed loop, answers/s) against the floors: ' +
        'GET /api/sandboxes 1720/s = 0.05 × bare Node http server (34000/s), 0.43 × Nest + Express, one guard (4000/s); ' +
        'GET /api/sandboxes/:id 1800/s = 0.05 × bare Node http server (34000/s), 0.45 × Nest + Express, one guard (4000/s).',
    );
  });

  it('leaves out a floor that was not measured', () => {
    const capacities = new Map([
      ['GET /api/sandboxes', 1_720],
      [FLOOR_NAMES['nest-express'], 4_000],
    ]);
    expect(capacityAgainstFloors(capacities, ['GET /api/sandboxes'])).toBe(
      'Capacity (closed loop, answers/s) against the floors: GET /api/sandboxes 1720/s = 0.43 × Nest + Express, one guard (4000/s).',
    );
  });
});
