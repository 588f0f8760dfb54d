import { t } from '../i18n/i18n.svelte.js';
import { views, type ViewId } from './nav.svelte.js';

// Keyboard shortcuts for the frequent actions, as one table: the handler and the `?` help read it.

export type Action = { view: ViewId } | 'next-alert' | 'acknowledge' | 'search' | 'help' | 'close';

/** `words` reads the current language when called (the help draws it). */
export const SHORTCUTS: { keys: string; action: Action; words: () => string }[] = [
  ...views.map((v, i) => ({ keys: String(i + 1), action: { view: v.id } as Action, words: () => t('shell.shortcuts.goTo', { view: v.label() }) })),
  { keys: 'n', action: 'next-alert', words: () => t('shell.shortcuts.nextAlert') },
  { keys: 'a', action: 'acknowledge', words: () => t('shell.shortcuts.acknowledge') },
  { keys: '/', action: 'search', words: () => t('shell.shortcuts.search') },
  { keys: '?', action: 'help', words: () => t('shell.shortcuts.help') },
  { keys: 'Escape', action: 'close', words: () => t('shell.shortcuts.close') },
];

/** Typing in a field never triggers a shortcut, nor does a key held with Ctrl, Alt or Meta. */
export function actionFor(e: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: unknown }): Action | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (e.key !== 'Escape' && t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName ?? ''))) return null;
  return SHORTCUTS.find((s) => s.keys === e.key)?.action ?? null;
}
