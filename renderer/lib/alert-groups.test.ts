import { describe, expect, it } from 'vitest';
import { groupAlerts, groupKey } from './alert-groups.js';
import type { AlertView } from './incident-format.js';

let n = 0;
const alert = (over: Partial<AlertView>): AlertView => ({
  id: `a${++n}`, source: 'fleet', externalId: `x${n}`, type: 'vehicle_fatal_error', severity: 3, status: 'new', title: 't', description: null,
  lat: null, lon: null, address: null, occurredAt: '2026-01-01T12:00:00Z', receivedAt: '2026-01-01T12:00:00Z', repeatCount: 0,
  lastSeenAt: '2026-01-01T12:00:00Z', conditionKey: null, resolvedAt: null, resolveReason: null, acknowledgedBy: null,
  acknowledgedAt: null, dismissedBy: null, dismissReason: null, incidentId: null, incidentNumber: null, escalatedAt: null, escalatedTo: null,
  vehicleId: null, ...over,
});

describe('alert groups', () => {
  it('groups the same condition from the same source across vehicles, sensors and external ids', () => {
    const scanner1 = alert({ severity: 2, conditionKey: 'vehicle/v1/error:laserScannerFault' });
    const battery = alert({ severity: 2, type: 'battery_critical', conditionKey: 'vehicle/v1/battery' });
    const scanner2 = alert({ conditionKey: 'vehicle/v2/error:laserScannerFault' });
    const heat1 = alert({ source: 'sensor-rule', type: 'sensor_temperature', conditionKey: 'rule/r1/sensor/s1' });
    const heat2 = alert({ source: 'sensor-rule', type: 'sensor_temperature', conditionKey: 'rule/r1/sensor/s2' });
    const cold = alert({ source: 'sensor-rule', type: 'sensor_temperature', conditionKey: 'rule/r2/sensor/s1' });
    const fall1 = alert({ source: 'nurse-call', type: 'fall' });
    const fall2 = alert({ source: 'nurse-call', type: 'fall' });
    const call = alert({ source: 'nurse-call', type: 'call_button' });
    const fallElsewhere = alert({ source: 'bed-sensors', type: 'fall' });
    const groups = groupAlerts([scanner1, battery, scanner2, heat1, heat2, cold, fall1, fall2, call, fallElsewhere]);
    expect(groups.map((g) => [g.label, g.alerts.map((a) => a.id)])).toEqual([
      ['laserScannerFault', [scanner1.id, scanner2.id]],
      ['battery critical', [battery.id]],
      ['sensor temperature', [heat1.id, heat2.id]],
      ['sensor temperature', [cold.id]],
      ['fall', [fall1.id, fall2.id]],
      ['call button', [call.id]],
      ['fall', [fallElsewhere.id]],
    ]);
    expect(groupKey(scanner1)).toBe('fleet/error:laserScannerFault');
  });
});
