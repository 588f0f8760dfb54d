import { describe, expect, it } from 'vitest';
import { BROWSER_CALL_MAX_BYTES, type Open311PreviewRecord } from '../../core/contract/index.js';
import { callBytes, exportFileName, previewRows, refusalList, suspectIds, tooLargeForBrowser } from './city-open311.js';

const rec = (over: Partial<Open311PreviewRecord>): Open311PreviewRecord =>
  ({ kind: 'request', index: 0, key: 'k', state: 'new', reason: null, suspect: null, needsLocation: false, ...over });

describe('Open311 files in the renderer', () => {
  it('says before sending when a browser call would be larger than the host takes, with the sizes', () => {
    const siteId = '00000000-0000-0000-0000-000000000000';
    const small = { siteId, files: [{ name: 'r.json', text: '[]' }] };
    expect(tooLargeForBrowser(small, true)).toBeNull();
    const big = { siteId, files: [{ name: 'r.json', text: 'x'.repeat(BROWSER_CALL_MAX_BYTES) }] };
    expect(tooLargeForBrowser(big, true)).toBe(
      'These files are 1.0 MiB; a browser connection to the console carries at most 1.0 MiB in one call, so nothing was sent and nothing imported. '
      + 'Split the requests into smaller files, or import from the desktop window.');
    // The Electron window talks IPC, which has no such limit.
    expect(tooLargeForBrowser(big, false)).toBeNull();
    // Measured as the wire carries it: UTF-8 bytes of the JSON text, escapes included.
    expect(callBytes({ t: 'é"' })).toBe(JSON.stringify({ t: 'é"' }).length + 1);
  });

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
    expect(suspectIds([rec({ key: 'a', suspect: 'far' }), rec({ key: 'b' }), rec({ key: 'c', suspect: 'far', state: 'refused' })])).toEqual(['a']);
  });

  it('names an export by kind, site, day and format', () => {
    expect(exportFileName('lindenhof', new Date('2026-11-22T08:00:00Z'))).toBe('open311-requests-lindenhof-2026-11-22.json');
    expect(exportFileName('lindenhof', new Date('2026-11-22T08:00:00Z'), 'services', 'xml')).toBe('open311-services-lindenhof-2026-11-22.xml');
  });
});
