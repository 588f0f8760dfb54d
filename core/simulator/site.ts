import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../db/index.js';
import { SiteGraph } from '../contract/index.js';

/** The demo site's path graph and georeference, from resources/sites. */
export function loadSiteGraph(file = join(PACKAGE_ROOT, 'resources', 'sites', 'lindenhof-campus.graph.json')): SiteGraph {
  return SiteGraph.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** A small seeded random source, so a simulation can be replayed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}
