import { FLOOR_KINDS, type FloorKind } from './floor-process';

/** The floors' row names (floor-server.ts). */
export const FLOOR_NAMES: Record<FloorKind, string> = {
  node: 'floor: bare Node http server',
  'nest-express': 'floor: Nest + Express, one guard',
  'nest-fastify': 'floor: Nest + Fastify, one guard',
};

/** "GET /api/sandboxes: 1715/s = 0.43 × Nest + Express (3990/s), 0.05 × bare Node (36,000/s)". */
export function capacityAgainstFloors(capacities: ReadonlyMap<string, number>, routes: readonly string[]): string {
  const floors = FLOOR_KINDS.map((kind) => FLOOR_NAMES[kind]).filter((name) => capacities.has(name));
  const against = (route: string) =>
    floors
      .map((floor) => {
        const floorRate = capacities.get(floor)!;
        return `${(capacities.get(route)! / floorRate).toFixed(2)} × ${floor.replace(/^floor: /, '')} (${floorRate.toFixed(0)}/s)`;
      })
      .join(', ');
  return `Capacity (closed loop, answers/s) against the floors: ${routes
    .map((route) => `${route} ${capacities.get(route)!.toFixed(0)}/s = ${against(route)}`)
    .join('; ')}.`;
}
