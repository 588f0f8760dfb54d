// The VDA 5050 2.0 factsheet a simulated wheelchair vehicle sends when asked: what the
// library's virtual vehicle and its controller actually do.
const instant = (actionType: string, actionDescription: string) => ({ actionType, actionDescription, actionScopes: ['INSTANT'] });

export function simFactsheet(speed: number) {
  return {
    typeSpecification: {
      seriesName: 'Watchfloor Sim wheelchair carrier', seriesDescription: 'Simulated outdoor transport vehicle (vda-5050-lib VirtualAgvAdapter)',
      agvKinematic: 'DIFF', agvClass: 'CARRIER', maxLoadMass: 250, localizationTypes: ['NATURAL'], navigationTypes: ['AUTONOMOUS'],
    },
    physicalParameters: { speedMin: 0, speedMax: speed, accelerationMax: 0.5, decelerationMax: 1, heightMin: 1.1, heightMax: 1.1, width: 0.9, length: 1.4 },
    protocolLimits: {
      maxStringLens: { msgLen: 262_144, idLen: 100, idNumericalOnly: false },
      maxArrayLens: { 'order.nodes': 200, 'order.edges': 200, 'instantActions': 10 },
      timing: { minOrderInterval: 0.5, minStateInterval: 0.1, defaultStateInterval: 10, visualizationInterval: 0.2 },
    },
    protocolFeatures: {
      optionalParameters: [],
      agvActions: [
        { actionType: 'pick', actionDescription: 'Take a wheelchair on board', actionScopes: ['NODE'] },
        { actionType: 'drop', actionDescription: 'Set a wheelchair down', actionScopes: ['NODE'] },
        { actionType: 'startCharging', actionDescription: 'Charge at a charger', actionScopes: ['INSTANT', 'NODE'] },
        { actionType: 'stopCharging', actionDescription: 'Stop charging', actionScopes: ['INSTANT', 'NODE'] },
        instant('startPause', 'Pause driving and actions'),
        instant('stopPause', 'Resume after a pause'),
        instant('cancelOrder', 'Cancel the current order'),
        instant('stateRequest', 'Publish the state now'),
        instant('factsheetRequest', 'Publish this factsheet'),
      ],
    },
    agvGeometry: {},
    loadSpecification: { loadPositions: ['seat'] },
  };
}
