// The export as GeoReport v2 files, JSON or XML, shaped as the specification's GET
// responses: services, service definitions (one <service_definitions> list holding each
// <service_definition>, since an XML file has one root) and service requests.
import { XMLBuilder } from 'fast-xml-parser';
import type { Open311Export, Open311ExportFiles, Open311Format } from '../contract/index.js';

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/** XML has no null: a null is an empty element, as in the specification's examples. */
export function xmlValues(rec: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'object' ? v : String(v)]));
}

const xml = (root: Record<string, unknown>) => `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(root) as string}`;

export function open311Files(data: Open311Export, format: Open311Format): Open311ExportFiles {
  if (format === 'json') {
    return {
      format,
      files: [
        { kind: 'services', text: JSON.stringify(data.services, null, 2), records: data.services.length },
        { kind: 'definitions', text: JSON.stringify(data.definitions, null, 2), records: data.definitions.length },
        { kind: 'requests', text: JSON.stringify(data.requests, null, 2), records: data.requests.length },
      ],
    };
  }
  const definitions = data.definitions.map((d) => ({
    service_code: d.service_code,
    attributes: {
      attribute: d.attributes.map(({ values, ...a }) => ({ ...xmlValues(a), ...(values ? { values: { value: values.map(xmlValues) } } : {}) })),
    },
  }));
  return {
    format,
    files: [
      { kind: 'services', text: xml({ services: { service: data.services.map(xmlValues) } }), records: data.services.length },
      { kind: 'definitions', text: xml({ service_definitions: { service_definition: definitions } }), records: data.definitions.length },
      { kind: 'requests', text: xml({ service_requests: { request: data.requests.map(xmlValues) } }), records: data.requests.length },
    ],
  };
}
