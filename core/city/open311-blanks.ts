// XML has no null: an empty element is null and empty text alike. A record read from XML
// therefore leaves a stored null alone where it says '', and keeps how the source first
// wrote the record (numbers, absent fields, a null description), so JSON exported as XML
// and read back changes nothing.
import type { ParsedRequest, Written } from './open311-format.js';
import type { ParsedService } from './open311-services.js';

/** Request fields and the columns they are stored in. */
const REQUEST_TEXT = { statusNotes: 'status_notes', agency: 'agency_responsible', serviceNotice: 'service_notice', address: 'address', addressId: 'address_id', zipcode: 'zipcode' } as const;
const SERVICE_TEXT = { description: 'description', group: 'service_group', keywordsText: 'keywords_text' } as const;

/** Where an XML value is '' and the stored one null, null. */
function keepNulls<T extends object>(value: T, stored: Record<string, unknown>, fields: Record<string, string>): T {
  const out = { ...value } as Record<string, unknown>;
  for (const [field, column] of Object.entries(fields)) if (out[field] === '' && stored[column] === null) out[field] = null;
  return out as T;
}

export function xmlRequest(p: ParsedRequest, stored: Record<string, unknown> & { open311: Written }): ParsedRequest {
  if (!p.fromXml) return p;
  const q = keepNulls(p, stored, REQUEST_TEXT);
  const old = stored.open311;
  const blank = (k: string) => {
    const v = { status_notes: q.statusNotes, description: q.description, agency_responsible: q.agency, service_notice: q.serviceNotice, address: q.address,
      address_id: q.addressId, zipcode: q.zipcode, lat: q.lat, long: q.lon, media_url: q.mediaUrl, expected_datetime: q.expectedAt }[k];
    return v === null || v === '' || v === undefined;
  };
  const written: Written = { times: q.written.times, ...(q.written.serviceName !== undefined ? { serviceName: q.written.serviceName } : {}) };
  if (old.numbers?.length) written.numbers = old.numbers;
  const absent = (old.absent ?? []).filter(blank);
  if (absent.length) written.absent = absent;
  if (q.description === '' && old.descriptionNull) written.descriptionNull = true;
  if (q.written.mediaEmpty && old.mediaEmpty) written.mediaEmpty = true;
  return { ...q, written };
}

export const xmlService = (s: ParsedService, stored: Record<string, unknown>): ParsedService => (s.fromXml ? keepNulls(s, stored, SERVICE_TEXT) : s);
