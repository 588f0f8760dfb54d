import type { Db } from '../../db/index.js';

// The demo site's responders: a dispatch centre over a care team, security and facility
// services, with people and equipment placed on the campus, and two sensor rules.
const AGENCIES = [
  { code: 'LHF-DISPATCH', name: 'Lindenhof Dispatch', type: 'dispatch', parent: null },
  { code: 'LHF-CARE', name: 'Care Response Team', type: 'ems', parent: 'LHF-DISPATCH' },
  { code: 'LHF-SEC', name: 'Campus Security', type: 'police', parent: 'LHF-DISPATCH' },
  { code: 'LHF-FAC', name: 'Facility Services', type: 'public_works', parent: 'LHF-DISPATCH' },
] as const;

const RESOURCES = [
  { agency: 'LHF-CARE', unit: 'Care 1', type: 'personnel', subtype: 'nurse', name: 'Nurse J. Bakker', id: 'CARE-101', lat: 51.44235, lon: 5.47062, caps: ['first_aid', 'medication', 'lift'] },
  { agency: 'LHF-CARE', unit: 'Care 1', type: 'personnel', subtype: 'caregiver', name: 'Caregiver S. Peters', id: 'CARE-102', lat: 51.44312, lon: 5.47188, caps: ['first_aid', 'lift'] },
  { agency: 'LHF-CARE', unit: 'Care 2', type: 'personnel', subtype: 'nurse', name: 'Nurse M. Smit', id: 'CARE-201', lat: 51.44391, lon: 5.47321, caps: ['first_aid', 'medication'] },
  { agency: 'LHF-CARE', unit: 'Care 2', type: 'equipment', subtype: 'aed', name: 'AED Main House', id: 'AED-01', lat: 51.44262, lon: 5.47115, caps: ['defibrillator'] },
  { agency: 'LHF-SEC', unit: 'Patrol', type: 'personnel', subtype: 'guard', name: 'Guard T. de Vries', id: 'SEC-01', lat: 51.44182, lon: 5.47011, caps: ['security', 'first_aid'] },
  { agency: 'LHF-SEC', unit: 'Patrol', type: 'vehicle', subtype: 'e-bike', name: 'Patrol bike 1', id: 'SEC-B1', lat: 51.44341, lon: 5.47412, caps: ['security'] },
  { agency: 'LHF-FAC', unit: 'Technical', type: 'personnel', subtype: 'technician', name: 'Technician R. Jansen', id: 'FAC-01', lat: 51.44281, lon: 5.47266, caps: ['electrical', 'plumbing', 'robot_service'] },
  { agency: 'LHF-FAC', unit: 'Technical', type: 'equipment', subtype: 'pump', name: 'Water pump', id: 'FAC-P1', lat: 51.44205, lon: 5.47350, caps: ['flooding'] },
] as const;

const RULES = [
  { name: 'Heat', kind: 'temperature', cmp: 'gt', threshold: 30, duration: 60, severity: 2 },
  { name: 'Smoke or fine dust', kind: 'pm25', cmp: 'gt', threshold: 50, duration: 30, severity: 1 },
  { name: 'Noise at night', kind: 'noise', cmp: 'gt', threshold: 75, duration: 120, severity: 4 },
] as const;

/** In demo mode, a demo site without agencies gets the fictional ones above. */
export async function seedDemoOps(db: Db, demo: boolean): Promise<void> {
  if (!demo) return;
  await db.transaction(async (tx) => {
    const [site] = await tx.query<{ id: string; n: string }>(
      "SELECT s.id, (SELECT count(*) FROM ops.agencies a WHERE a.site_id = s.id) AS n FROM org.sites s WHERE s.slug = 'lindenhof' FOR UPDATE");
    if (!site || Number(site.n) > 0) return;
    const agency = new Map<string, string>();
    for (const a of AGENCIES) {
      const [row] = await tx.query<{ id: string }>('INSERT INTO ops.agencies (site_id, parent_id, code, name, type) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [site.id, a.parent ? agency.get(a.parent) : null, a.code, a.name, a.type]);
      agency.set(a.code, row!.id);
    }
    const unit = new Map<string, string>();
    for (const r of RESOURCES) {
      const key = `${r.agency}/${r.unit}`;
      if (!unit.has(key)) {
        const [u] = await tx.query<{ id: string }>('INSERT INTO ops.units (agency_id, code, name) VALUES ($1, $2, $3) RETURNING id',
          [agency.get(r.agency), r.unit.toUpperCase().replace(' ', '-'), r.unit]);
        unit.set(key, u!.id);
      }
      await tx.query(
        `INSERT INTO ops.resources (site_id, agency_id, unit_id, type, subtype, name, identifier, lat, lon, located_at, capabilities)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10)`,
        [site.id, agency.get(r.agency), unit.get(key), r.type, r.subtype, r.name, r.id, r.lat, r.lon, r.caps]);
    }
    for (const r of RULES) {
      await tx.query('INSERT INTO ops.alert_rules (site_id, name, sensor_kind, comparison, threshold, duration_s, severity) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [site.id, r.name, r.kind, r.cmp, r.threshold, r.duration, r.severity]);
    }
  });
}
