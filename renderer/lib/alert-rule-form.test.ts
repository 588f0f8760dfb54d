import { describe, expect, it } from 'vitest';
import { blankRule, escalationSeconds, ruleFields, ruleValues } from './alert-rule-form.js';
import { setLocale } from '../i18n/i18n.svelte.js';

describe('alert rule form', () => {
  it('reads typed numbers, a decimal comma too, and trims the words', () => {
    expect(ruleValues({ ...blankRule(), name: ' Heat ', sensorKind: ' temperature', threshold: '30,5', durationS: ' 60 ' })).toEqual({
      ok: true, value: { name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30.5, durationS: 60, severity: 3, enabled: true },
    });
  });

  it('refuses a threshold or duration that is not a number, naming the field', () => {
    expect(ruleValues({ ...blankRule(), threshold: 'cold' })).toEqual({ ok: false, field: 'threshold', error: 'The threshold must be a number.' });
    expect(ruleValues({ ...blankRule(), threshold: '' })).toEqual({ ok: false, field: 'threshold', error: 'The threshold must be a number.' });
    expect(ruleValues({ ...blankRule(), threshold: '1', durationS: '1.5' })).toEqual({ ok: false, field: 'durationS', error: 'For how long must be whole seconds, 0 or more.' });
    expect(ruleValues({ ...blankRule(), threshold: '1', durationS: '-1' })).toMatchObject({ ok: false });
  });

  it('round-trips a saved rule through the form', () => {
    const rule = { id: 'r', siteId: 's', name: 'Noise', sensorKind: 'noise', comparison: 'gte' as const, threshold: 75, durationS: 120, severity: 4, enabled: false };
    const v = ruleValues(ruleFields(rule));
    expect(v).toEqual({ ok: true, value: { name: 'Noise', sensorKind: 'noise', comparison: 'gte', threshold: 75, durationS: 120, severity: 4, enabled: false } });
  });

  it('reads the escalation delay as whole seconds', () => {
    expect(escalationSeconds(' 120 ')).toEqual({ ok: true, value: 120 });
    expect(escalationSeconds('2 min')).toEqual({ ok: false, error: 'The escalation delay must be whole seconds.' });
    expect(escalationSeconds('')).toMatchObject({ ok: false });
  });

  it('refuses in Dutch too', async () => {
    await setLocale('nl');
    try {
      expect(ruleValues({ ...blankRule(), threshold: 'koud' })).toMatchObject({ ok: false, field: 'threshold', error: 'De drempel moet een getal zijn.' });
    } finally {
      await setLocale('en');
    }
  });
});
