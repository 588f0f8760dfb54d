// Placing a floor plan on the world map: control points (a pixel on the plan and where it lies)
// give a similarity (two points) or a least-squares affine transform (three or more), with the
// residual error in metres. The map frame is the plan's own: x to the right and y up from the
// plan's bottom-left corner, in metres (pixels × metres per pixel), as a robot's map image is.
import { englishWords, type ErrorCode } from './errors/index.js';
import { frameToLatLon, latLonToFrame, type Georef } from './georef.js';

/** Control points that give no placement: the message in English, and its code for other languages. */
export class PlanFitError extends Error {
  constructor(readonly code: ErrorCode) {
    super(englishWords(code));
    this.name = 'PlanFitError';
  }
}

export interface ControlPoint {
  /** Pixel on the plan, from its top-left corner. */
  u: number;
  v: number;
  lat: number;
  lon: number;
}

export interface PlanSize {
  width: number;
  height: number;
}

export interface PlanFit {
  kind: 'similarity' | 'affine';
  georef: Georef;
  metresPerPixel: number;
  /** Per control point, how far the fitted plan puts it from where it was said to lie. */
  residualsM: number[];
  /** Root mean square of the residuals, metres. */
  rmsM: number;
  maxM: number;
}

type Vec = [number, number];

/** Least-squares similarity q → w (w = s·R·q + t) through centred coordinates. */
function similarity(q: Vec[], w: Vec[]): { m: [number, number, number, number]; t: Vec } {
  const n = q.length;
  const qc: Vec = [q.reduce((s, p) => s + p[0], 0) / n, q.reduce((s, p) => s + p[1], 0) / n];
  const wc: Vec = [w.reduce((s, p) => s + p[0], 0) / n, w.reduce((s, p) => s + p[1], 0) / n];
  let sqq = 0, a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = [q[i]![0] - qc[0], q[i]![1] - qc[1]];
    const [e, f] = [w[i]![0] - wc[0], w[i]![1] - wc[1]];
    sqq += x * x + y * y;
    a += x * e + y * f;
    b += x * f - y * e;
  }
  if (sqq < 1e-9) throw new PlanFitError('org.pointsOnOnePixel');
  const [ca, cb] = [a / sqq, b / sqq];
  const m: [number, number, number, number] = [ca, -cb, cb, ca];
  return { m, t: [wc[0] - (ca * qc[0] - cb * qc[1]), wc[1] - (cb * qc[0] + ca * qc[1])] };
}

/** Least-squares affine q → w (w = M·q + t): normal equations on centred coordinates. */
function affine(q: Vec[], w: Vec[]): { m: [number, number, number, number]; t: Vec } {
  const n = q.length;
  const qc: Vec = [q.reduce((s, p) => s + p[0], 0) / n, q.reduce((s, p) => s + p[1], 0) / n];
  const wc: Vec = [w.reduce((s, p) => s + p[0], 0) / n, w.reduce((s, p) => s + p[1], 0) / n];
  let sxx = 0, sxy = 0, syy = 0, sxe = 0, sye = 0, sxf = 0, syf = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = [q[i]![0] - qc[0], q[i]![1] - qc[1]];
    const [e, f] = [w[i]![0] - wc[0], w[i]![1] - wc[1]];
    sxx += x * x; sxy += x * y; syy += y * y;
    sxe += x * e; sye += y * e; sxf += x * f; syf += y * f;
  }
  const det = sxx * syy - sxy * sxy;
  // Relative test: points on (or nearly on) one line leave the fit undetermined.
  if (Math.abs(det) < 1e-9 * (sxx + syy) ** 2 || sxx + syy < 1e-9) {
    throw new PlanFitError('org.pointsInLine');
  }
  const a = (syy * sxe - sxy * sye) / det, b = (sxx * sye - sxy * sxe) / det;
  const c = (syy * sxf - sxy * syf) / det, d = (sxx * syf - sxy * sxf) / det;
  return { m: [a, b, c, d], t: [wc[0] - (a * qc[0] + b * qc[1]), wc[1] - (c * qc[0] + d * qc[1])] };
}

/**
 * Fits the plan to its control points: two give a similarity (residual zero), three or more an
 * affine transform by least squares. Throws a sentence when the points cannot place the plan.
 */
export function fitPlan(points: ControlPoint[], plan: PlanSize): PlanFit {
  if (points.length < 2) throw new PlanFitError('org.tooFewPoints');
  // A tangent plane at the first point: east/north metres.
  const ref: Georef = { originLat: points[0]!.lat, originLon: points[0]!.lon, rotationDeg: 0 };
  const q = points.map((p): Vec => [p.u, plan.height - p.v]);
  const w = points.map((p): Vec => { const f = latLonToFrame(ref, p.lat, p.lon); return [f.x, f.y]; });
  const kind = points.length === 2 ? 'similarity' : 'affine';
  const { m, t } = kind === 'similarity' ? similarity(q, w) : affine(q, w);
  const det = m[0] * m[3] - m[1] * m[2];
  if (det <= 0) throw new PlanFitError('org.pointsMirrored');
  const k = Math.sqrt(det);
  const residualsM = q.map((p, i) => Math.hypot(m[0] * p[0] + m[1] * p[1] + t[0] - w[i]![0], m[2] * p[0] + m[3] * p[1] + t[1] - w[i]![1]));
  const origin = frameToLatLon(ref, t[0], t[1]);
  const unit: [number, number, number, number] = [m[0] / k, m[1] / k, m[2] / k, m[3] / k];
  const georef: Georef = {
    originLat: origin.lat,
    originLon: origin.lon,
    rotationDeg: (Math.atan2(unit[2], unit[0]) * 180) / Math.PI,
    ...(kind === 'affine' ? { matrix: unit } : {}),
  };
  const rmsM = Math.sqrt(residualsM.reduce((s, r) => s + r * r, 0) / residualsM.length);
  return { kind, georef, metresPerPixel: k, residualsM, rmsM, maxM: Math.max(...residualsM) };
}

/** Plan pixel → frame metres, and back. */
export const pixelToFrame = (mpp: number, plan: PlanSize, u: number, v: number) => ({ x: u * mpp, y: (plan.height - v) * mpp });
export const frameToPixel = (mpp: number, plan: PlanSize, x: number, y: number) => ({ u: x / mpp, v: plan.height - y / mpp });

/** The plan's corners on the globe as MapLibre's image source wants them: top-left, top-right, bottom-right, bottom-left, as [lon, lat]. */
export function planCorners(g: Georef, mpp: number, plan: PlanSize): [[number, number], [number, number], [number, number], [number, number]] {
  const at = (u: number, v: number): [number, number] => {
    const f = pixelToFrame(mpp, plan, u, v);
    const p = frameToLatLon(g, f.x, f.y);
    return [p.lon, p.lat];
  };
  return [at(0, 0), at(plan.width, 0), at(plan.width, plan.height), at(0, plan.height)];
}
