// The time bar's words, in one place.
import type { ReplayEventKind } from '../../core/contract/index.js';

export const replayWords = {
  open: 'Replay',
  openTitle: 'Go back to a moment: replay the map over a span',
  badge: 'REPLAY · the past, read-only',
  live: 'Back to live',
  play: 'Play',
  pause: 'Pause',
  stepBack: 'Step back',
  stepForward: 'Step forward',
  previous: 'Previous event',
  next: 'Next event',
  goTo: 'Go to',
  speed: 'Speed',
  end: 'End of span',
  around: 'Replay around this',
  aroundTitle: 'Open the map as it was around this moment',
  panelTitle: 'As it was',
  nothing: 'Nothing of this kind at that moment.',
  loading: 'Loading the moment…',
  fps: (n: number) => `${n.toFixed(1)} states/s`,
} as const;

export const KIND_LABELS: Record<ReplayEventKind, string> = { alert: 'Alerts', status: 'Status changes', command: 'Commands', audit: 'Audit entries' };
export const KIND_COLORS: Record<ReplayEventKind, string> = { alert: '#f85149', status: '#4aa3ff', command: '#d29922', audit: '#8b98a5' };
