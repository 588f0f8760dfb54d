import { z } from 'zod';

/** What the vehicle panel shows of a VDA 5050 2.0 factsheet (the stored message keeps every field). */
export const FactsheetView = z.object({
  receivedAt: z.string(),
  seriesName: z.string().nullable(),
  seriesDescription: z.string().nullable(),
  agvClass: z.string().nullable(),
  agvKinematic: z.string().nullable(),
  maxLoadMassKg: z.number().nullable(),
  speedMaxMps: z.number().nullable(),
  speedMinMps: z.number().nullable(),
  accelerationMax: z.number().nullable(),
  decelerationMax: z.number().nullable(),
  lengthM: z.number().nullable(),
  widthM: z.number().nullable(),
  heightMaxM: z.number().nullable(),
  /** Action types the vehicle accepts, with where (INSTANT, NODE, EDGE). */
  actions: z.array(z.object({ actionType: z.string(), scopes: z.array(z.string()) })),
  /** protocolLimits as sent: string and array lengths, timing. */
  limits: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type FactsheetView = z.infer<typeof FactsheetView>;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Flattens nested protocolLimits to "maxStringLens.msgLen = 1000" lines. */
function flatten(prefix: string, v: unknown, out: Array<{ key: string; value: string }>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  else if (v !== undefined) out.push({ key: prefix, value: Array.isArray(v) ? JSON.stringify(v) : String(v) });
}

export function factsheetView(f: Json, receivedAt: string): FactsheetView {
  const type = obj(f.typeSpecification);
  const phys = obj(f.physicalParameters);
  const features = obj(f.protocolFeatures);
  const limits: Array<{ key: string; value: string }> = [];
  flatten('', f.protocolLimits, limits);
  const actions = (Array.isArray(features.agvActions) ? features.agvActions : []).map(obj)
    .filter((a) => typeof a.actionType === 'string')
    .map((a) => ({ actionType: a.actionType as string, scopes: (Array.isArray(a.actionScopes) ? a.actionScopes : []).filter((s): s is string => typeof s === 'string') }));
  return {
    receivedAt, seriesName: str(type.seriesName), seriesDescription: str(type.seriesDescription), agvClass: str(type.agvClass),
    agvKinematic: str(type.agvKinematic), maxLoadMassKg: num(type.maxLoadMass), speedMaxMps: num(phys.speedMax), speedMinMps: num(phys.speedMin),
    accelerationMax: num(phys.accelerationMax), decelerationMax: num(phys.decelerationMax), lengthM: num(phys.length), widthM: num(phys.width),
    heightMaxM: num(phys.heightMax), actions, limits,
  };
}

/** Whether the factsheet lets `actionType` be sent as an instant action (no factsheet: assume it does). */
export function supportsInstant(f: FactsheetView | null | undefined, actionType: string): boolean {
  if (!f) return true;
  return f.actions.some((a) => a.actionType === actionType && a.scopes.includes('INSTANT'));
}
