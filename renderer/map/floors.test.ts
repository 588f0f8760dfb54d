import { describe, expect, it } from 'vitest';
import { latLonToFrame, type SiteMap, type VehicleLive } from '../../core/contract/index.js';
import { elsewhere, floorLayer, floorsOf, onFloor } from './floors.js';

const map = (id: string, mapId: string, mpp: number | null): SiteMap => ({
  id, mapId, name: `Floor ${mapId}`, originLat: 52, originLon: 5, rotationDeg: 30,
  bounds: { minX: 0, minY: 0, maxX: 40, maxY: 30 }, matrix: null, placement: null,
  plan: { mime: 'image/png', width: 400, height: 300, metresPerPixel: mpp },
});
const ground = map('a', 'g', 0.1), first = map('b', 'f', 0.1), unplaced = map('c', 'u', null);
const v = (id: string, mapId: string | null) => ({ id, name: id, mapId }) as VehicleLive;

describe('floors on the map', () => {
  it('offers only maps whose plan is placed', () => {
    expect(floorsOf([ground, unplaced, first]).map((m) => m.mapId)).toEqual(['g', 'f']);
    expect(floorLayer(unplaced)).toBeNull();
  });
  it('puts the plan at its corners: the top-left corner is the frame point (0, height)', () => {
    const tl = floorLayer(ground)!.corners[0];
    const f = latLonToFrame(ground, tl[1], tl[0]);
    expect(f.x).toBeCloseTo(0, 3);
    expect(f.y).toBeCloseTo(30, 3);
  });
  it('shows one floor\'s vehicles and lists the others with where they are', () => {
    const vehicles = [v('r1', 'g'), v('r2', 'f'), v('r3', null)];
    const layers = onFloor({ fleet: { vehicles, sensors: [], selectedId: null, onSelect: () => {} } }, ground);
    expect(layers.fleet!.vehicles.map((x) => x.id)).toEqual(['r1']);
    expect(layers.floor!.mapId).toBe('g');
    expect(elsewhere(vehicles, ground, [ground, first]).map((e) => `${e.vehicle.id}@${e.where}`)).toEqual(['r2@Floor f', 'r3@no map']);
    expect(onFloor({ fleet: null }, null)).toEqual({ fleet: null });
  });
});
