// The layering of DESIGN.md as dependency-cruiser rules; `npm run layers` fails on any violation.
// Paths are relative to the folder the check runs in (the repository, or a fixture in tests/layering/).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'db-imports-nothing-of-ours',
      comment: 'db/ is the bottom layer.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(core|electron|renderer|tests)/' },
    },
    {
      name: 'core-not-electron-or-renderer',
      comment: 'core/ is plain Node: no Electron, no renderer code.',
      severity: 'error',
      from: { path: '^(core|db)/' },
      to: { path: '^(electron|renderer)/|(^|/)node_modules/electron/|^electron$' },
    },
    {
      name: 'core-uses-db-index-only',
      comment: 'core/ imports db/ through its index (and file-modes, which a host needs before it loads any database driver).',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^db/', pathNot: '^db/(index|file-modes)\\.ts$' },
    },
    {
      name: 'contract-is-pure',
      comment: 'core/contract/ is shared with the renderer: zod only, no node: modules, nothing else of ours.',
      severity: 'error',
      from: { path: '^core/contract/' },
      to: { pathNot: '^core/contract/|(^|/)node_modules/zod/' },
    },
    {
      name: 'simulator-talks-mqtt-only',
      comment: 'The simulated fleet reaches the console only over MQTT, like a real one: it may use the contract, nothing else of core.',
      severity: 'error',
      from: { path: '^core/simulator/', pathNot: '\\.test\\.ts$' },
      to: { path: '^core/', pathNot: '^core/(contract|simulator)/' },
    },
    {
      name: 'renderer-only-contract-and-types',
      comment: 'renderer/ may import core/contract/, and only types from the rest of core/.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(core|db|electron)/', pathNot: '^core/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-no-import-circle',
      comment: 'No module of core/ or db/ reaches itself again through its imports, type-only ones included: services take narrow types (audit/write.ts Caller/Actor, iam/connection.ts), not the router\'s Context.',
      severity: 'error',
      from: { path: '^(core|db)/' },
      to: { circular: true },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer runs sandboxed in a browser or a window: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
