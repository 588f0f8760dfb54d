// A correction on a case's timeline in words: "Corrected title “Pothole” → “Deep pothole”; location moved".
import { t, tDynamic } from '../i18n/i18n.svelte.js';

/** A corrected field's name in words (an unknown one as itself). */
const fieldName = (k: string): string => tDynamic(`city.correction.field.${k}`, k);

export function correctionText(d: Record<string, unknown>): string {
  const from = (d.from ?? {}) as Record<string, unknown>;
  const to = (d.to ?? {}) as Record<string, unknown>;
  const parts = Object.keys(to).map((k) =>
    k === 'location' ? t('city.correction.moved') : k === 'agencyId' || k === 'parentId' ? t('city.correction.changed', { field: fieldName(k) })
      : t('city.correction.edit', { field: fieldName(k), from: String(from[k] ?? '—'), to: String(to[k] ?? '—') })).join('; ');
  return typeof d.reason === 'string' && d.reason ? t('city.correction.textWhy', { parts, reason: d.reason }) : t('city.correction.text', { parts });
}
