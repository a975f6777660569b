// Not ESLint's configuration (that is eslint.config.js). Read only by the rule
// import-x/no-unused-modules, whose file listing still goes through ESLint's legacy FileEnumerator
// and fails without a legacy config file beside the flat one
// (https://github.com/import-js/eslint-plugin-import/issues/3079). It lists what that listing skips.
module.exports = { root: true, ignorePatterns: ['dist/', 'release/', 'node_modules/', '.tmp/', 'bench-results/', 'types/', '**/*.d.ts'] };
