// English words of the map area (the keys every other language follows).
export default {
  // The case layers' names (the legend and the layer toggles).
  layers: {
    incidents: 'Incidents',
    alerts: 'Alerts',
    requests: 'Service requests',
    reports: 'Public reports',
    announcements: 'Announcements',
    assets: 'Assets',
    resources: 'Resources',
  },
  // How a colour key reads in the legend.
  legend: {
    priorityHighest: 'priority 1 (highest)',
    priority: 'priority {{value}}',
    severityCritical: 'severity 1 (critical)',
    severity: 'severity {{value}}',
    values: {
      requests: { open: 'open', in_progress: 'in progress', closed: 'closed' },
      reports: {
        new: 'new', under_review: 'under review', assigned: 'assigned', in_progress: 'in progress',
        resolved: 'resolved', closed: 'closed', rejected: 'rejected',
      },
      announcements: { info: 'info', warning: 'warning', critical: 'critical' },
      assets: { park: 'park', vehicle: 'vehicle', sensor: 'sensor', facility: 'facility' },
    },
  },
  // The hint under the drawing tools.
  draw: {
    pointMove: 'Click elsewhere to move the point.',
    pointPlace: 'Click the map to place the point.',
    circleCenter: 'Click the centre of the circle.',
    circleSizing: 'Move and click (or drag) to set the radius, or type it.',
    circleDone: 'Click to move the centre, or change the radius.',
    polygonClosed: 'Closed. Undo opens it again.',
    polygonCorners: 'Click the corners ({{n}} so far, at least 3).',
    polygonMore: 'Click more corners; double-click, or click the first corner, to close.',
    radiusNotNumber: 'the radius must be a number of metres',
  },
  // The label under a vehicle out of service.
  fleet: {
    maintenance: 'in maintenance',
    decommissioned: 'decommissioned',
  },
  floors: {
    group: 'Floor',
    all: 'All',
    others_one: '{{n}} vehicle on other floors',
    others_other: '{{n}} vehicles on other floors',
    noMap: 'no map',
  },
  // The selected transport's two stops.
  route: {
    pickup: 'Pick-up · {{name}}',
    dropoff: 'Drop-off · {{name}}',
  },
  // MapLibre's own controls (tooltips and labels).
  controls: {
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetBearing: 'Reset bearing to north',
    toggleAttribution: 'Toggle attribution',
    map: 'Map',
  },
  attribution: {
    demoSite: 'Watchfloor demo site (fictional)',
  },
} as const;
