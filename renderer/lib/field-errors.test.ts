import { describe, expect, it } from 'vitest';
import { splitRefusal } from './field-errors.js';

describe('refusals by field', () => {
  it('puts each sentence next to its field, once, and keeps the rest whole', () => {
    const r = splitRefusal('scheduledAt: The pick-up time is in the past.; backdated.reason: say why; The resident has no consent.', ['scheduledAt', 'backdated', 'pickupNode']);
    expect(r).toEqual({ fields: { scheduledAt: 'The pick-up time is in the past.', backdated: 'Say why' }, rest: 'The resident has no consent.' });
  });

  it('leaves a refusal about a field the form does not show at the bottom, and nothing for no refusal', () => {
    expect(splitRefusal('siteId: Invalid uuid', ['title'])).toEqual({ fields: {}, rest: 'siteId: Invalid uuid' });
    expect(splitRefusal(null, ['title'])).toEqual({ fields: {}, rest: null });
  });
});
