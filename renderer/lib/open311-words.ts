// The Open311 panel's words, from the city catalog (`city.open311.…`), in the operator's language.
// Each word is read when shown (a getter or a function), so a language switch redraws it.
import type { Open311RecordKind, Open311RecordState } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

type Kind = 'services' | 'definitions' | 'requests';
type Counts = Record<Open311RecordState, number>;

const records = (n: number) => t('city.open311.record', { count: n, n: num(n) });
const requests = (n: number) => t('city.open311.request', { count: n, n: num(n) });

export const open311Words = {
  get title() { return t('city.open311.title'); },
  get close() { return t('city.open311.close'); },
  get exportHead() { return t('city.open311.exportHead'); },
  get exportHint() { return t('city.open311.exportHint'); },
  get format() { return t('city.open311.format'); },
  get what() { return t('city.open311.what'); },
  get kinds(): Record<Kind, string> {
    return { services: t('city.open311.kinds.services'), definitions: t('city.open311.kinds.definitions'), requests: t('city.open311.kinds.requests') };
  },
  get download() { return t('city.open311.download'); },
  exported: (name: string, n: number) => t('city.open311.exported', { name, records: records(n) }),
  get importHead() { return t('city.open311.importHead'); },
  get requestsFile() { return t('city.open311.requestsFile'); },
  get servicesFiles() { return t('city.open311.servicesFiles'); },
  get previewHint() { return t('city.open311.previewHint'); },
  get check() { return t('city.open311.check'); },
  get checking() { return t('city.open311.checking'); },
  get importing() { return t('city.open311.importing'); },
  get choiceGood() { return t('city.open311.choiceGood'); },
  get choiceAll() { return t('city.open311.choiceAll'); },
  confirmSuspect: (n: number) => t('city.open311.confirmSuspect', { requests: requests(n) }),
  get importButton() { return t('city.open311.importButton'); },
  get cancel() { return t('city.open311.cancel'); },
  files: (name: string, format: string, kind: string, n: number) =>
    t('city.open311.files', { name, format: format.toUpperCase(), kind: kind.toLowerCase(), records: records(n) }),
  counts: (kind: Open311RecordKind, c: Counts) =>
    t('city.open311.counts', { kind: t(`city.open311.countKinds.${kind}`), new: num(c.new), changed: num(c.changed), unchanged: num(c.unchanged), refused: num(c.refused) }),
  suspectCount: (n: number) => t('city.open311.suspectCount', { requests: requests(n) }),
  needsLocationCount: (n: number) => t('city.open311.needsLocationCount', { requests: requests(n) }),
  get states(): Record<Open311RecordState, string> {
    return { new: t('city.open311.states.new'), changed: t('city.open311.states.changed'), unchanged: t('city.open311.states.unchanged'), refused: t('city.open311.states.refused') };
  },
  get kindShort(): Record<Open311RecordKind, string> {
    return { service: t('city.open311.kindShort.service'), definition: t('city.open311.kindShort.definition'), request: t('city.open311.kindShort.request') };
  },
  get suspect() { return t('city.open311.suspect'); },
  get needsLocation() { return t('city.open311.needsLocation'); },
  more: (n: number) => t('city.open311.more', { records: t('city.open311.moreRecord', { count: n, n: num(n) }) }),
  result: (c: { request: Counts; service: Counts; definition: Counts }, skipped: number, choice: 'all' | 'good') =>
    t('city.open311.result', {
      choice: choice === 'all' ? t('city.open311.resultAll') : t('city.open311.resultGood'),
      newRequests: t('city.open311.newRequest', { count: c.request.new, n: num(c.request.new) }),
      changed: num(c.request.changed), unchanged: num(c.request.unchanged),
      extra: `${c.request.refused ? t('city.open311.resultRefused', { n: num(c.request.refused) }) : ''}${skipped ? t('city.open311.resultSkipped', { n: num(skipped) }) : ''}`,
      sNew: num(c.service.new), sChanged: num(c.service.changed), sUnchanged: num(c.service.unchanged),
      dNew: num(c.definition.new), dChanged: num(c.definition.changed),
    }),
  get refusedHead() { return t('city.open311.refusedHead'); },
  place: {
    get needs() { return t('city.open311.place.needs'); },
    get start() { return t('city.open311.place.start'); },
    get save() { return t('city.open311.place.save'); },
    get cancel() { return t('city.open311.place.cancel'); },
  },
};
