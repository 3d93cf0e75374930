// Import rules of architecture.md §3.2, enforced in CI (`npm run deps:check`).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No runtime import cycles.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(?!lib/)' },
    },
    {
      name: 'contracts-only-lib',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { path: '^src/(?!contracts/|lib/)' },
    },
    {
      name: 'ml-only-lib',
      severity: 'error',
      from: { path: '^src/ml/' },
      to: { path: '^src/(?!ml/|lib/)' },
    },
    {
      name: 'domain-boundaries',
      comment: 'domain: contracts, ml, lib, and types of the store interface, config and logger.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: '^src/(?!domain/|contracts/|ml/|lib/)',
        pathNot: '^src/(store/store\\.ts|config\\.ts|log\\.ts)$',
      },
    },
    {
      name: 'domain-store-types-only',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: '^src/(store/store\\.ts|config\\.ts|log\\.ts)$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'store-boundaries',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(?!store/|contracts/|domain/|lib/)' },
    },
    {
      name: 'store-factories-only-in-entrypoints',
      severity: 'error',
      from: { path: '^src/(api|worker|cli)/', pathNot: '^src/(api/server\\.ts|worker/main\\.ts)$' },
      to: { path: '^src/store/(sqlite|postgres|kysely)/' },
    },
    {
      name: 'client-boundaries',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(?!client/|contracts/|lib/)' },
    },
    {
      name: 'drivers-only-in-store',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(better-sqlite3|pg|kysely)/' },
    },
    {
      name: 'fastify-only-in-api',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/api/' },
      to: { path: 'node_modules/(fastify|@fastify)/' },
    },
    {
      name: 'commander-only-in-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: 'node_modules/commander/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$|store-contract\\.ts$' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
