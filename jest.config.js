// Nest 12 ships ES modules only, so Jest runs in its native ESM mode
// (node --experimental-vm-modules) and ts-jest emits ESM.
const REQUIRED_ESM = ['content-disposition'];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#anlao/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    // CommonJS packages that require() an ES-module dependency: Node 20.19+ does that
    // natively, Jest's module loader does not (before Node 24.9), so those
    // dependencies are compiled to CommonJS for the test run only.
    [`node_modules/(${REQUIRED_ESM.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${REQUIRED_ESM.join('|')})/)`],
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: '.',
      testMatch: [
        '<rootDir>/{apps,libs}/**/src/**/*.spec.ts',
        '<rootDir>/deploy/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      rootDir: '.',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.spec.ts', '<rootDir>/test/*.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      slowTestThreshold: 30,
    },
    {
      // The dashboard in a real browser (Debian's Chromium) against the platform as `npm start` runs it.
      ...shared,
      displayName: 'browser',
      rootDir: '.',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/browser/platform.setup.mjs',
      globalTeardown: '<rootDir>/test/browser/platform.teardown.mjs',
      slowTestThreshold: 60,
    },
  ],
};
