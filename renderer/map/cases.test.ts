import { describe, expect, it } from 'vitest';
import { LAYER_IDS, type LayerId } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { caseIconId, type CaseShape } from './icons.js';
import {
  areaFillId, caseLayers, caseSource, colorExpression, featureCenter, keyLabel, labelField, LAYER_COLORS, LAYER_LABELS, LAYER_ORDER, mapLayerIds,
  pointsLayerId, sortKey, RANK_COLORS, selectedFilter, selectedLayerId, viewBbox,
} from './cases.js';

type Paint = { paint: Record<string, unknown>; filter?: unknown; id: string; type: string };
const layer = (l: LayerId, id: string, sel: { layer: LayerId; id: string } | null = null) => caseLayers(l, sel).find((x) => x.id === id) as unknown as Paint;

describe('case layer styles', () => {
  it('colours incidents by priority from red (1) to grey (5), and alerts by severity on the same scale', () => {
    expect(RANK_COLORS[1]).toBe('#d62728');
    expect(RANK_COLORS[5]).toBe('#8c8c8c');
    const color = layer('incidents', pointsLayerId('incidents')).paint['icon-color'] as unknown[];
    expect(color.slice(0, 4)).toEqual(['match', ['get', 'priority'], 1, '#d62728']);
    expect(color).toContain(5);
    expect(colorExpression('alerts')[1]).toEqual(['get', 'severity']);
  });

  it('colours requests and reports by status, announcements by severity, resources by status, with a grey fallback', () => {
    expect(colorExpression('requests')).toEqual(['match', ['get', 'status'], 'open', '#e4572e', 'in_progress', '#f3a712', 'closed', '#8c8c8c', '#8c8c8c']);
    for (const s of ['new', 'under_review', 'assigned', 'in_progress', 'resolved']) expect(colorExpression('reports')).toContain(s);
    expect(layer('announcements', areaFillId).paint['fill-color']).toEqual(colorExpression('announcements'));
    for (const s of ['info', 'warning', 'critical']) expect(colorExpression('announcements')).toContain(s);
    for (const s of ['available', 'assigned', 'en_route', 'on_scene', 'off_duty', 'maintenance', 'out_of_service']) expect(colorExpression('resources')).toContain(s);
  });

  it('clusters requests and reports in the browser, summing server cluster counts', () => {
    expect(caseSource('requests')).toMatchObject({ cluster: true, clusterProperties: { count: ['+', ['get', 'count']] } });
    expect(caseSource('reports')).toMatchObject({ cluster: true });
    expect(caseSource('incidents')).not.toHaveProperty('cluster');
    // Every point layer draws clusters (server ones for the others), with their count.
    for (const l of LAYER_IDS.filter((x) => x !== 'announcements')) {
      expect(mapLayerIds(l)).toEqual([selectedLayerId(l), `cases-${l}-clusters`, `cases-${l}-clusters-count`, pointsLayerId(l)]);
      expect(layer(l, pointsLayerId(l)).filter).toEqual(['!', ['has', 'point_count']]);
    }
    expect(mapLayerIds('announcements')).toEqual([areaFillId, 'cases-announcements-line', selectedLayerId('announcements')]);
  });

  it('rings only the selected case of its own layer', () => {
    const sel = { layer: 'requests' as const, id: 'r1' };
    expect(selectedFilter('requests', sel)).toEqual(['all', ['!', ['has', 'point_count']], ['==', ['get', 'id'], 'r1']]);
    expect(JSON.stringify(selectedFilter('incidents', sel))).not.toContain('r1');
    expect(selectedFilter('announcements', { layer: 'announcements', id: 'a1' })).toEqual(['==', ['get', 'id'], 'a1']);
    expect(layer('requests', selectedLayerId('requests'), sel).filter).toEqual(selectedFilter('requests', sel));
  });

  it('orders every layer once, labels legend keys, finds feature centres and clamps the viewport', async () => {
    expect([...LAYER_ORDER].sort()).toEqual([...LAYER_IDS].sort());
    expect(keyLabel('incidents', '1')).toBe('priority 1 (highest)');
    expect(keyLabel('requests', 'in_progress')).toBe('in progress');
    expect(LAYER_LABELS.requests).toBe('Service requests');
    try {
      await setLocale('nl');
      expect(keyLabel('incidents', '2')).toBe('prioriteit 2');
      expect(keyLabel('resources', 'on_scene')).toBe('ter plaatse');
      expect(LAYER_LABELS.incidents).toBe('Incidenten');
    } finally {
      await setLocale('en');
    }
    expect(Object.keys(LAYER_COLORS.incidents.colors)).toEqual(['1', '2', '3', '4', '5']);
    expect(featureCenter({ type: 'Point', coordinates: [5, 51] })).toEqual([5, 51]);
    expect(featureCenter({ type: 'Polygon', coordinates: [[[5, 51], [6, 51], [6, 52], [5, 51]]] })).toEqual([5.5, 51.5]);
    expect(viewBbox({ getSouth: () => -95, getWest: () => -200, getNorth: () => 51, getEast: () => 5 })).toEqual({ minLat: -90, minLon: -180, maxLat: 51, maxLon: 5 });
  });

  it('draws each kind with its own icon, coloured by urgency, labelled from a useful zoom', () => {
    const kinds = LAYER_IDS.filter((x) => x !== 'announcements');
    const icons = kinds.map((l) => {
      const spec = caseLayers(l, null).find((x) => x.id === pointsLayerId(l)) as unknown as { type: string; layout: Record<string, unknown>; paint: Record<string, unknown> };
      expect(spec.type).toBe('symbol');
      expect(spec.paint['icon-color']).toEqual(colorExpression(l));
      expect(spec.layout['text-field']).toEqual(labelField(l));
      return spec.layout['icon-image'];
    });
    expect(icons).toEqual(kinds.map((l) => caseIconId(l as CaseShape)));
    expect(new Set(icons).size).toBe(kinds.length);
    // No words in a wide view; alerts and incidents named sooner than requests.
    expect(labelField('incidents')).toEqual(['step', ['zoom'], '', 15.5, ['to-string', ['coalesce', ['get', 'title'], '']]]);
    expect((labelField('requests') as unknown[])[3]).toBe(17);
    expect(JSON.stringify(labelField('resources'))).toContain('"name"');
  });

  it('draws the most urgent incident or alert on top', () => {
    expect(sortKey('incidents')).toEqual(['-', 10, ['to-number', ['get', 'priority'], 5]]);
    expect(sortKey('alerts')).toEqual(['-', 10, ['to-number', ['get', 'severity'], 5]]);
    expect(sortKey('requests')).toBe(0);
  });
});
