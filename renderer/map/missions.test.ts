import { describe, expect, it } from 'vitest';
import type { MissionView, Place } from '../../core/contract/index.js';
import { boundsOf, placesData, routeData, routeShape, type LonLat } from './missions.js';

const place = (nodeId: string, lon: number, lat: number): Place => ({ nodeId, name: nodeId.toUpperCase(), kind: 'room', lat, lon, x: 0, y: 0 });
const a = place('dock-a', 5.47, 51.44);
const b = place('rehab-south', 5.471, 51.441);

describe('mission map data', () => {
  it('marks the chosen pick-up and drop-off among the places', () => {
    const fc = placesData([a, b, place('gate', 5.46, 51.43)], { pickupNode: 'dock-a', dropoffNode: 'gate' });
    expect(fc.features.map((f) => [f.properties!.id, f.properties!.role])).toEqual([['dock-a', 'pickup'], ['rehab-south', ''], ['gate', 'dropoff']]);
  });

  it('draws the trip, both stops, and the approach only while the vehicle heads for the pick-up', () => {
    expect(routeData(null).features).toEqual([]);
    const trip = routeData({ pickup: a, dropoff: b, trip: null, approach: null });
    expect(trip.features.map((f) => f.properties!.kind)).toEqual(['trip', 'stop', 'stop']);
    expect(trip.features[0]!.geometry).toEqual({ type: 'LineString', coordinates: [[5.47, 51.44], [5.471, 51.441]] });
    expect(trip.features[1]!.properties!.label).toBe('Pick-up · DOCK-A');
    const path = routeData({ pickup: a, dropoff: b, trip: [[5.47, 51.44], [5.4705, 51.44], [5.471, 51.441]], approach: [[5.469, 51.439], [5.47, 51.44]] });
    expect(path.features.map((f) => f.properties!.kind)).toEqual(['approach', 'trip', 'stop', 'stop']);
    expect(path.features[1]!.geometry).toEqual({ type: 'LineString', coordinates: [[5.47, 51.44], [5.4705, 51.44], [5.471, 51.441]] });
  });

  it('bounds points west, south, east, north', () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([[5.47, 51.44], [5.46, 51.45]])).toEqual([5.46, 51.44, 5.47, 51.45]);
  });
});

describe('a mission route from what the console knows', () => {
  const mission = { status: 'assigned', pickupNode: 'dock-a', dropoffNode: 'rehab-south' } as MissionView;
  const event = (type: string) => ({ id: 1, type, at: '', vehicleId: null, actor: null, details: {} });
  const here = { lat: 51.439, lon: 5.469 };

  it('draws the vehicle’s approach from where it is until it has picked up', () => {
    const shape = routeShape({ mission, timeline: [event('created'), event('assigned')] }, [a, b], here)!;
    expect(shape.approach).toEqual([[5.469, 51.439], [5.47, 51.44]]);
    expect(shape.trip).toBeNull();
    const on = routeShape({ mission: { ...mission, status: 'in_progress' }, timeline: [event('assigned'), event('pickup_completed')] }, [a, b], here)!;
    expect(on.approach).toBeNull();
    // A reassignment starts from the pick-up again.
    expect(routeShape({ mission, timeline: [event('pickup_completed'), event('reassigned')] }, [a, b], here)!.approach).not.toBeNull();
  });

  it('follows core’s path when given, from the vehicle’s live position', () => {
    const route = { trip: [[5.47, 51.44], [5.4705, 51.44], [5.471, 51.441]] as LonLat[], approach: [[5.468, 51.438], [5.4695, 51.4395], [5.47, 51.44]] as LonLat[] };
    const shape = routeShape({ mission, timeline: [event('assigned')], route }, [a, b], here)!;
    expect(shape.trip).toEqual(route.trip);
    expect(shape.approach).toEqual([[5.469, 51.439], [5.4695, 51.4395], [5.47, 51.44]]);
  });

  it('draws nothing for a mission whose places are not known', () => {
    expect(routeShape({ mission: { ...mission, pickupNode: 'x' }, timeline: [] }, [a, b], here)).toBeNull();
  });
});
