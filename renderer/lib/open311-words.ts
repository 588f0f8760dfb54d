// The Open311 panel's words, in one catalogue (English), so they are translated in one place.
import type { Open311RecordKind, Open311RecordState } from '../../core/contract/index.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export const open311Words = {
  title: 'Open311 GeoReport v2',
  close: 'Close Open311',
  exportHead: 'Export',
  exportHint: 'Services, service definitions and service requests as GeoReport v2 files, with public status notes (internal notes stay here).',
  format: 'Format',
  what: 'What',
  kinds: { services: 'Services', definitions: 'Service definitions', requests: 'Service requests' } as Record<'services' | 'definitions' | 'requests', string>,
  download: 'Download',
  exported: (name: string, n: number) => `${name}: ${plural(n, 'record')}.`,
  importHead: 'Import',
  requestsFile: 'Requests file (JSON or XML)',
  servicesFiles: 'Services and service definitions (optional; JSON or XML, several files allowed)',
  previewHint: 'Nothing is written until you import: first each record is shown as new, changed, unchanged or refused.',
  check: 'Check files',
  checking: 'Checking…',
  importing: 'Importing…',
  choiceGood: 'Import the good records; leave the refused ones out',
  choiceAll: 'All or nothing: import only if no record is refused',
  confirmSuspect: (n: number) => `Also import ${plural(n, 'request')} with a suspect location`,
  importButton: 'Import',
  cancel: 'Discard',
  files: (name: string, format: string, kind: string, n: number) => `${name}: ${format.toUpperCase()}, ${kind.toLowerCase()}, ${plural(n, 'record')}`,
  counts: (kind: Open311RecordKind, c: Record<Open311RecordState, number>) =>
    `${{ service: 'Services', definition: 'Service definitions', request: 'Requests' }[kind]}: ${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged, ${c.refused} refused`,
  suspectCount: (n: number) => `${plural(n, 'request')} with a suspect location (imported only if you confirm)`,
  needsLocationCount: (n: number) => `${plural(n, 'request')} without a point: listed as “needs a location” to be placed on the map`,
  states: { new: 'new', changed: 'changed', unchanged: 'unchanged', refused: 'refused' } as Record<Open311RecordState, string>,
  kindShort: { service: 'service', definition: 'definition', request: 'request' } as Record<Open311RecordKind, string>,
  suspect: 'suspect location',
  needsLocation: 'needs a location',
  more: (n: number) => `and ${plural(n, 'more record')}`,
  result: (c: { request: Record<Open311RecordState, number>; service: Record<Open311RecordState, number>; definition: Record<Open311RecordState, number> }, skipped: number, choice: 'all' | 'good') =>
    `Imported (${choice === 'all' ? 'all or nothing' : 'good records only'}): ${plural(c.request.new, 'new request')}, ${c.request.changed} changed, ${c.request.unchanged} unchanged`
    + `${c.request.refused ? `, ${c.request.refused} refused` : ''}${skipped ? `, ${skipped} with a suspect location left out` : ''}; `
    + `services ${c.service.new} new, ${c.service.changed} changed, ${c.service.unchanged} unchanged; definitions ${c.definition.new} new, ${c.definition.changed} changed.`,
  refusedHead: 'The file was refused',
  place: {
    needs: 'This request came with an address only: it has no point on the map yet.',
    start: 'Place on the map',
    save: 'Save location',
    cancel: 'Cancel',
  },
};
