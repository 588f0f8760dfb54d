/** Fields never written to the audit log in clear: secrets and personal data. */
const SECRET = /^(password|password_hash|passwordHash|token|token_hash|totp_secret|totpSecret|totp_secret_enc|secret)$/i;
const PERSONAL = /^(date_of_birth|dateOfBirth|medical_notes|medicalNotes|phone|emergency_contact\w*|emergencyContact\w*|citizen_contact|citizenContact|address)$/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET.test(k) || PERSONAL.test(k) ? '[redacted]' : redact(v)]),
  );
}
