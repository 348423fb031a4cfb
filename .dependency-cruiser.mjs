// Module boundaries, checked by `npm run lint` (ADR 0015). Paths are relative to the
// repository root; `$1` in a `to` path refers to the first group of the `from` path.

// Production code: what ships in dist/. Unit specs beside it are tests, not production.
const PRODUCTION = '^(apps/[^/]+/src|libs/(?!testing/)[^/]+/src|scripts)/';
const SPEC = '\\.spec\\.ts$';
const LIB_INDEX = '^libs/[^/]+/src/index\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'app-imports-other-app',
      comment:
        'Apps talk through Kafka events and HTTP, never through each other’s code — tests included. ' +
        'A test that needs two apps is an end-to-end test and lives in the top-level test/ folder.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-imports-app',
      comment: 'Libraries serve every app and so know none of them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'lib-layering-events',
      comment: 'libs/events is the bottom layer (the event contract): it imports no other lib.',
      severity: 'error',
      from: { path: '^libs/events/' },
      to: { path: '^libs/', pathNot: '^libs/events/' },
    },
    {
      name: 'lib-layering-platform',
      comment:
        'libs/platform is a bottom layer (config, logging, errors, HTTP edge): it imports no other lib.',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/', pathNot: '^libs/platform/' },
    },
    {
      name: 'lib-layering-messaging',
      comment: 'libs/messaging sits on events and platform; auth sits on messaging, not the reverse.',
      severity: 'error',
      from: { path: '^libs/messaging/src/' },
      to: { path: '^libs/auth/' },
    },
    {
      name: 'lib-layering-jobs',
      comment:
        'libs/jobs (background jobs) is the top layer: it sits on platform, messaging and auth; ' +
        'no other library imports it (only apps, and test helpers).',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/(jobs|testing)/' },
      to: { path: '^libs/jobs/' },
    },
    {
      name: 'lib-through-its-index',
      comment:
        'Code outside a library imports it as #anlao/<lib> (its src/index.ts), never a file inside it: ' +
        'the index is the library’s public surface.',
      severity: 'error',
      from: { path: '^(apps|test|scripts)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: LIB_INDEX },
    },
    {
      name: 'lib-through-other-lib-index',
      comment: 'One library imports another as #anlao/<lib> too; inside itself it uses relative paths.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: [LIB_INDEX, '^libs/$1/'] },
    },
    {
      name: 'production-imports-tests',
      comment:
        'Production code never imports libs/testing, a test/ folder or a spec: none of it is built into dist/.',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: SPEC },
      to: { path: ['^libs/testing/', '(^|/)test/', SPEC] },
    },
    {
      name: 'app-test-imports-end-to-end-support',
      comment: 'An app’s own tests stay self-contained; test/support serves the cross-app tests in test/.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment:
        'Import cycles make start-up order and module mocks fragile; break them with a smaller module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import must resolve, or the rules above would silently see nothing. ' +
        'scripts/start.mjs loads from dist/ after the build, which lint may run before.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '(^|/)dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.local|node_modules)/' },
    // Type-only imports couple modules as much as value imports do.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // package.json "imports" maps #anlao/<lib> to libs/<lib>/src/index.ts under the
      // anlao-source condition, the one TypeScript and Jest use too (tsconfig customConditions).
      conditionNames: ['anlao-source', 'import', 'node', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
