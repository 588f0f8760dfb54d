// Hand-made VDA 5050 2.0.0 messages for tests and the benchmark.
export const CAMPUS = 'lindenhof-campus';

let headerId = 0;

export function stateMessage(manufacturer: string, serialNumber: string, o: { x?: number; y?: number; battery?: number; ts?: string; mapId?: string } = {}) {
  return {
    headerId: ++headerId, timestamp: o.ts ?? new Date().toISOString(), version: '2.0.0', manufacturer, serialNumber,
    orderId: '', orderUpdateId: 0, lastNodeId: '', lastNodeSequenceId: 0, nodeStates: [], edgeStates: [],
    driving: true, paused: false, operatingMode: 'AUTOMATIC', actionStates: [], errors: [],
    agvPosition: { x: o.x ?? 100, y: o.y ?? 100, theta: 0.5, mapId: o.mapId ?? CAMPUS, positionInitialized: true },
    velocity: { vx: 1.2, vy: 0, omega: 0 },
    batteryState: { batteryCharge: o.battery ?? 80, charging: false },
    safetyState: { eStop: 'NONE', fieldViolation: false },
  };
}

export function visualizationMessage(manufacturer: string, serialNumber: string, o: { x?: number; y?: number; ts?: string } = {}) {
  return {
    headerId: ++headerId, timestamp: o.ts ?? new Date().toISOString(), version: '2.0.0', manufacturer, serialNumber,
    agvPosition: { x: o.x ?? 100, y: o.y ?? 100, theta: 0.5, mapId: CAMPUS, positionInitialized: true },
    velocity: { vx: 1, vy: 0, omega: 0 },
  };
}

export function connectionMessage(manufacturer: string, serialNumber: string, connectionState: string) {
  return { headerId: ++headerId, timestamp: new Date().toISOString(), version: '2.0.0', manufacturer, serialNumber, connectionState };
}
