// Shared with the renderer: zod schemas and types only, no node: imports.
export * from './system.js';
export * from './org.js';
export * from './iam.js';
export * from './audit.js';
export * from './broker.js';
export * from './fleet.js';
export * from './graph.js';
export * from './georef.js';
export * from './settings.js';
export * from './missions.js';
export * from './orders.js';
export * from './factsheet.js';
export * from './area.js';
export * from './cases.js';
export * from './incidents.js';
export * from './layers.js';
export * from './city.js';
