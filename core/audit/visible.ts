import type { AuditRecord } from '../contract/index.js';

/**
 * Old and new values hold what the change touched, and the log keeps them
 * as written; a reader sees in them only what they may see elsewhere. Each
 * rule names the fields of one kind of record and the permission they need.
 */
const RULES: { resourceType: string; fields: RegExp; permission: string }[] = [
  // Residents' personal details: the resident view needs residents:read_pii for these.
  { resourceType: 'resident', fields: /^(first_?name|date_?of_?birth|dob|emergency_?contact\w*|medical_?notes\w*|phone|contacts?)$/i, permission: 'residents:read_pii' },
  // Users' details: the users list needs iam:read.
  { resourceType: 'user', fields: /^(email|display_?name|roles?|granted_?by)$/i, permission: 'iam:read' },
  // Citizens' contacts on requests and reports need city:manage (Show contact).
  { resourceType: 'service_request', fields: /^(citizen_?contact\w*|contact\w*|email|phone|reporter\w*)$/i, permission: 'city:manage' },
  { resourceType: 'report', fields: /^(citizen_?contact\w*|contact\w*|email|phone|reporter\w*)$/i, permission: 'city:manage' },
];

/** Contact details in any record's values need, at least, the permission to see users. */
const CONTACT = /^(e_?mail|phone|\w*_?contact\w*|date_?of_?birth|medical_?notes\w*)$/i;

export const HIDDEN = '[hidden]';

function mask(value: unknown, hide: (key: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, hide));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, hide(k) ? HIDDEN : mask(v, hide)]));
}

/** The record as `permissions` may see it: guarded fields of its values read `[hidden]`. */
export function visibleTo(r: AuditRecord, permissions: readonly string[]): AuditRecord {
  const rules = RULES.filter((rule) => rule.resourceType === r.resourceType && !permissions.includes(rule.permission));
  const hideContacts = !permissions.includes('iam:read');
  if (!rules.length && !hideContacts) return r;
  const hide = (key: string) => rules.some((rule) => rule.fields.test(key)) || (hideContacts && CONTACT.test(key));
  return { ...r, oldValues: mask(r.oldValues, hide), newValues: mask(r.newValues, hide) };
}
