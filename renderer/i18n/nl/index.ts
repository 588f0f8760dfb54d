// Dutch: the demo site is Dutch. The same keys as English (`Same<…>` refuses a missing or extra key).
import errors from '../../../core/contract/errors/nl.js';
import common from './common.js';
import shell from './shell.js';
import city from './city.js';
import incidents from './incidents.js';
import fleet from './fleet.js';
import missions from './missions.js';
import admin from './admin.js';
import map from './map.js';

export default { common, errors, shell, city, incidents, fleet, missions, admin, map } as const;
