import { describe, expect, it } from 'vitest';
import type { Open311PreviewRecord } from '../../core/contract/index.js';
import { exportFileName, previewRows, refusalList } from './city-open311.js';

const rec = (over: Partial<Open311PreviewRecord>): Open311PreviewRecord =>
  ({ kind: 'request', index: 0, key: 'k', state: 'new', reason: null, suspect: null, needsLocation: false, ...over });

describe('Open311 files in the renderer', () => {
  it('splits core’s refusal into one line per bad record', () => {
    const r = refusalList("The Open311 file was refused and nothing was imported (2 problems): requests[0] (id '1'): missing lat; missing long; definitions[3] (X): attributes is not a list.");
    expect(r.head).toBe('The Open311 file was refused and nothing was imported (2 problems)');
    expect(r.items).toEqual(["requests[0] (id '1'): missing lat; missing long", 'definitions[3] (X): attributes is not a list']);
    expect(refusalList('Head:\nrequests[0]: bad\nservices[1]: worse')).toEqual({ head: 'Head:', items: ['requests[0]: bad', 'services[1]: worse'] });
    expect(refusalList('No such site.')).toEqual({ head: 'No such site.', items: [] });
  });

  it('shows refused records first, then suspect locations, then those without a point', () => {
    const rows = previewRows([
      rec({ index: 0, state: 'unchanged' }), rec({ index: 1 }), rec({ index: 2, needsLocation: true }), rec({ index: 3, suspect: '0,0' }), rec({ index: 4, state: 'refused', reason: 'x' }),
    ]);
    expect(rows.map((r) => r.index)).toEqual([4, 3, 2, 1, 0]);
  });

  it('names an export by kind, site, day and format', () => {
    expect(exportFileName('lindenhof', new Date('2026-11-22T08:00:00Z'))).toBe('open311-requests-lindenhof-2026-11-22.json');
    expect(exportFileName('lindenhof', new Date('2026-11-22T08:00:00Z'), 'services', 'xml')).toBe('open311-services-lindenhof-2026-11-22.xml');
  });
});
