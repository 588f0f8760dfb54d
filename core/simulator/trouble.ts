// What goes wrong on a real campus fleet, and how often. Most trouble is transient: an
// obstacle in the path, a bumper touched by a passer-by; it clears in seconds and the
// console raises nothing for it. Now and then a problem is real: a scanner fault that
// stops the vehicle for minutes, positioning that stays degraded, a lost link.

export type Trouble =
  | { kind: 'error'; type: string; level: 'WARNING' | 'FATAL'; description: string; lastsMs: number; stops: boolean }
  | { kind: 'offline'; goodbye: boolean; lastsMs: number };

const between = (random: () => number, fromS: number, toS: number) => Math.round((fromS + random() * (toS - fromS)) * 1000);

/** One piece of trouble, drawn by share: [share, make]. The shares sum to 1. */
const TROUBLES: [number, (r: () => number) => Trouble][] = [
  [0.45, (r) => ({ kind: 'error', type: 'obstacleDetected', level: 'WARNING', description: 'Obstacle in path, slowing down', lastsMs: between(r, 3, 15), stops: false })],
  [0.25, (r) => ({ kind: 'error', type: 'bumperTriggered', level: 'FATAL', description: 'Safety bumper triggered; vehicle stopped', lastsMs: between(r, 2, 8), stops: true })],
  [0.08, (r) => ({ kind: 'error', type: 'gpsDegraded', level: 'WARNING', description: 'GNSS accuracy degraded', lastsMs: between(r, 180, 360), stops: false })],
  [0.07, (r) => ({ kind: 'error', type: 'laserScannerFault', level: 'FATAL', description: 'Front laser scanner reports a fault; vehicle stopped', lastsMs: between(r, 40, 240), stops: true })],
  [0.08, (r) => ({ kind: 'offline', goodbye: true, lastsMs: between(r, 30, 60) })],
  [0.07, (r) => ({ kind: 'offline', goodbye: false, lastsMs: between(r, 30, 60) })],
];

export function drawTrouble(random: () => number): Trouble {
  let roll = random();
  for (const [share, make] of TROUBLES) {
    if (roll < share) return make(random);
    roll -= share;
  }
  return TROUBLES[0]![1](random);
}
