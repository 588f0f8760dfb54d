import { views, type ViewId } from './nav.svelte.js';

// Keyboard shortcuts for the frequent actions, as one table: the handler and the `?` help read it.

export type Action = { view: ViewId } | 'next-alert' | 'acknowledge' | 'search' | 'help' | 'close';

export const SHORTCUTS: { keys: string; action: Action; words: string }[] = [
  ...views.map((v, i) => ({ keys: String(i + 1), action: { view: v.id } as Action, words: `Go to ${v.label}` })),
  { keys: 'n', action: 'next-alert', words: 'Open the most urgent unacknowledged alert' },
  { keys: 'a', action: 'acknowledge', words: 'Acknowledge the open alert' },
  { keys: '/', action: 'search', words: 'Focus the search or filter of this view' },
  { keys: '?', action: 'help', words: 'Show or hide these shortcuts' },
  { keys: 'Escape', action: 'close', words: 'Close this list' },
];

/** Typing in a field never triggers a shortcut, nor does a key held with Ctrl, Alt or Meta. */
export function actionFor(e: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: unknown }): Action | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (e.key !== 'Escape' && t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName ?? ''))) return null;
  return SHORTCUTS.find((s) => s.keys === e.key)?.action ?? null;
}
