// The site's Open311 service list: what a service request's category may be.
import type { Queryable } from '../../db/index.js';
import type { ServiceView } from '../contract/index.js';
import { DomainError } from '../errors.js';

interface Row { service_code: string; service_name: string; description: string | null; service_group: string | null; keywords: string[]; type: ServiceView['type'] }

export async function listServices(db: Queryable, siteId: string): Promise<ServiceView[]> {
  const rows = await db.query<Row>(
    'SELECT service_code, service_name, description, service_group, keywords, type FROM city.services WHERE site_id = $1 AND deleted_at IS NULL ORDER BY service_name',
    [siteId]);
  return rows.map((r) => ({ code: r.service_code, name: r.service_name, description: r.description, group: r.service_group, keywords: r.keywords, type: r.type }));
}

/** Refuses a category the site does not offer, listing the ones it does. */
export async function knownService(db: Queryable, siteId: string, code: string): Promise<void> {
  const services = await listServices(db, siteId);
  if (services.some((s) => s.code === code)) return;
  const list = services.map((s) => s.code).join(', ');
  throw new DomainError('invalid', services.length
    ? { code: 'city.unknownService', params: { service: code, list } }
    : { code: 'city.unknownServiceNoList', params: { service: code } });
}
