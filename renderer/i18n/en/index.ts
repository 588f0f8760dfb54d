// English, the catalog every other language follows (same keys; `npm run typecheck` checks it).
import errors from '../../../core/contract/errors/en.js';
import common from './common.js';
import shell from './shell.js';
import city from './city.js';
import incidents from './incidents.js';
import fleet from './fleet.js';
import missions from './missions.js';
import admin from './admin.js';
import map from './map.js';

export default { common, errors, shell, city, incidents, fleet, missions, admin, map } as const;
