// What the first-run guide says.
export const setupWords = {
  title: 'Set up your site',
  intro: 'Five steps to a working site. Each is done when the console holds it; leave at any time and come back from Setup in the menu.',
  steps: {
    site: { title: 'Site', what: 'Its name, short name, time zone and centre.' },
    map: { title: 'Map', what: 'A map per floor or area (the VDA 5050 mapId), with its floor plan placed on the world map.' },
    places: { title: 'Places', what: 'Pick-up points, chargers and docks, and the paths between them, drawn on the plan.' },
    staff: { title: 'Staff', what: 'The people who use the console, and responders.' },
    residents: { title: 'Residents', what: 'The people transported, with their consent.' },
  },
  start: 'Start',
  review: 'Open',
  notHere: 'Not available to you',
  comeBack: 'You can leave and come back: what is done stays done.',
  allDone: 'Everything is set up.',
  leave: 'Leave setup for now',
  progress: (done: number, all: number) => `${done} of ${all} steps done`,
  begin: 'Start setup',
  resume: 'Continue setup',
  later: 'Later',
} as const;
