// What the site screens say, from the admin catalog in the operator's language.
import type { GraphNode, GraphProblem } from '../../../core/contract/index.js';
import { num, t, tDynamic } from '../../i18n/i18n.svelte.js';

// Numbers as the English text always had them, without thousands separators ("1111 × 833 pixels"), in the locale's decimals.
const int = (v: number) => num(v, { useGrouping: false });
/** A number with `digits` decimals as toFixed rounds it (the English text always had it so), with the locale's decimal mark. */
const fixed = (v: number, digits: number) => v.toFixed(digits).replace('.', num(0.5).charAt(1));
const m = (v: number) => t('admin.sites.metres', { m: v < 0.01 ? fixed(0, 2) : v < 10 ? fixed(v, 2) : fixed(v, 1) });
const mb = (bytes: number) => fixed(bytes / 1048576, 1);

const KINDS = ['room', 'entrance', 'dock', 'charger', 'junction'] as const;

/** What the check found wrong with a drawing, in words (core's check words it in English; its code and points say the same). */
function problem(p: GraphProblem, nodes: readonly GraphNode[]): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const labelOf = (n: Pick<GraphNode, 'id' | 'name'>) => (n.name ? `${n.name} (${n.id})` : n.id);
  const label = (id: string) => labelOf(byId.get(id) ?? { id });
  const [a = '', b = ''] = p.nodeIds;
  switch (p.code) {
    case 'too_small': return t('admin.sites.problems.too_small');
    case 'duplicate_id': return t('admin.sites.problems.duplicate_id', { id: a });
    case 'unnamed_place': {
      const kind = byId.get(a)?.kind ?? '';
      return t('admin.sites.problems.unnamed_place', { kind: tDynamic(`admin.sites.kindNoun.${kind}`, kind), id: a });
    }
    case 'duplicate_name': return t('admin.sites.problems.duplicate_name', { name: byId.get(b)?.name ?? '', a, b });
    case 'off_plan': return t('admin.sites.problems.off_plan', { place: label(a) });
    case 'unknown_node': {
      // The point that is not drawn is in no list: core's sentence names it.
      const missing = /^A path names (.+), which is not drawn\.$/.exec(p.message)?.[1];
      return missing === undefined ? p.message : t('admin.sites.problems.unknown_node', { id: missing });
    }
    case 'self_edge': return t('admin.sites.problems.self_edge', { place: label(a) });
    case 'duplicate_edge': return t('admin.sites.problems.duplicate_edge', { a, b });
    case 'disconnected': {
      const places = p.nodeIds.slice(0, 3).map(label).join(', ');
      const first = nodes[0] ? labelOf(nodes[0]) : '';
      return p.nodeIds.length > 3
        ? t('admin.sites.problems.disconnectedMore', { places, more: int(p.nodeIds.length - 3), first })
        : t('admin.sites.problems.disconnected', { places, first });
    }
    default: return p.message;
  }
}

// Getters: each read asks the catalog, so a template redraws on a language switch.
export const siteWords = {
  get title() { return t('admin.sites.title'); },
  get sites() { return t('admin.sites.sites'); },
  get newSite() { return t('admin.sites.newSite'); },
  get name() { return t('admin.sites.name'); },
  get slug() { return t('admin.sites.slug'); },
  get timeZone() { return t('admin.sites.timeZone'); },
  get centreLat() { return t('admin.sites.centreLat'); },
  get centreLon() { return t('admin.sites.centreLon'); },
  get createSite() { return t('admin.sites.createSite'); },
  get saveSite() { return t('admin.sites.saveSite'); },
  get maps() { return t('admin.sites.maps'); },
  get noMaps() { return t('admin.sites.noMaps'); },
  get mapId() { return t('admin.sites.mapId'); },
  get mapName() { return t('admin.sites.mapName'); },
  get addMap() { return t('admin.sites.addMap'); },
  get planTitle() { return t('admin.sites.planTitle'); },
  get planAlt() { return t('admin.sites.planAlt'); },
  get importPlan() { return t('admin.sites.importPlan'); },
  get replacePlan() { return t('admin.sites.replacePlan'); },
  planMaxBytes: 20 * 1024 * 1024,
  planTooBig: (bytes: number) => t('admin.sites.planTooBig', { size: mb(bytes) }),
  pdfMaxBytes: 64 * 1024 * 1024,
  pdfTooBig: (bytes: number) => t('admin.sites.pdfTooBig', { size: mb(bytes) }),
  get pdfDrawing() { return t('admin.sites.pdfDrawing'); },
  get pdfLocked() { return t('admin.sites.pdfLocked'); },
  pdfUnreadable: (why: string) => t('admin.sites.pdfUnreadable', { why }),
  get pdfNotDrawn() { return t('admin.sites.pdfNotDrawn'); },
  planSize: (w: number, h: number) => t('admin.sites.planSize', { w: int(w), h: int(h) }),
  scale: (mpp: number) => t('admin.sites.scale', { cm: fixed(mpp * 100, 2) }),
  get notPlaced() { return t('admin.sites.notPlaced'); },
  get byPoints() { return t('admin.sites.byPoints'); },
  get byTyping() { return t('admin.sites.byTyping'); },
  get pointsHint() { return t('admin.sites.pointsHint'); },
  get pixel() { return t('admin.sites.pixel'); },
  /** A control point's pixel on the plan. */
  pixelAt: (u: number, v: number) => t('admin.sites.pixelAt', { u: int(Math.round(u)), v: int(Math.round(v)) }),
  get lat() { return t('admin.sites.lat'); },
  get lon() { return t('admin.sites.lon'); },
  get residual() { return t('admin.sites.residual'); },
  removePoint: (i: number) => t('admin.sites.removePoint', { n: int(i) }),
  pickPoint: (i: number) => t('admin.sites.pickPoint', { n: int(i) }),
  picking: (i: number) => t('admin.sites.picking', { n: int(i) }),
  get stopPicking() { return t('admin.sites.stopPicking'); },
  place: (n: number) => (n < 2 ? t('admin.sites.placeNeeds2') : t('admin.sites.placeBy', { n: int(n) })),
  get originLat() { return t('admin.sites.originLat'); },
  get originLon() { return t('admin.sites.originLon'); },
  get rotation() { return t('admin.sites.rotation'); },
  get metresPerPixel() { return t('admin.sites.metresPerPixel'); },
  get placeTyped() { return t('admin.sites.placeTyped'); },
  metres: m,
  fitted: (kind: 'similarity' | 'affine', n: number, rms: number, max: number) =>
    t(kind === 'similarity' ? 'admin.sites.fittedSimilarity' : 'admin.sites.fittedAffine', { n: int(n), rms: m(rms), max: m(max) }),
  get typedPlaced() { return t('admin.sites.typedPlaced'); },
  get placesTitle() { return t('admin.sites.placesTitle'); },
  get placeFirst() { return t('admin.sites.placeFirst'); },
  get modeAdd() { return t('admin.sites.modeAdd'); },
  get modeJoin() { return t('admin.sites.modeJoin'); },
  get kindLabel() { return t('admin.sites.kindLabel'); },
  /** The kinds of point, in words by kind (in the order the picker lists them). */
  get kinds(): Record<string, string> {
    return Object.fromEntries(KINDS.map((k) => [k, t(`admin.sites.kinds.${k}`)]));
  },
  get joinHint() { return t('admin.sites.joinHint'); },
  addHint: (kind: string) => t('admin.sites.addHint', { kind: kind.toLowerCase() }),
  placeName: (id: string) => t('admin.sites.placeName', { id }),
  removePlace: (id: string) => t('admin.sites.removePlace', { id }),
  /** Where a place lies on the plan, in metres. */
  placeAt: (x: number, y: number) => t('admin.sites.placeAt', { x: fixed(x, 1), y: fixed(y, 1) }),
  problem,
  get saveGraph() { return t('admin.sites.saveGraph'); },
  counts: (n: number, e: number) => t('admin.sites.counts', { n: int(n), e: int(e) }),
  get file() { return t('admin.sites.file'); },
  get exportSite() { return t('admin.sites.exportSite'); },
  get removeTitle() { return t('admin.sites.removeTitle'); },
  get removeHint() { return t('admin.sites.removeHint'); },
  get removeReason() { return t('admin.sites.removeReason'); },
  remove: (name: string) => t('admin.sites.remove', { name }),
  get importSite() { return t('admin.sites.importSite'); },
};
