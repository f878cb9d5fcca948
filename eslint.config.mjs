// `npm run lint`: regular expressions only, over the whole tree. Ticket text is untrusted input,
// so a pattern that backtracks super-linearly (one pasted signature stalled an import for hours,
// issue 24) fails CI here. eslint-plugin-regexp analyses each literal — and each `new RegExp` whose
// source is a constant — as an automaton: https://ota-meshi.github.io/eslint-plugin-regexp/
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['node_modules/**', '.next/**', '.support-trends/**', 'bench/results/**', 'next-env.d.ts'] },
  {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    // typescript-eslint is registered so the few `eslint-disable` comments naming its rules
    // resolve; none of its rules is turned on here (tsc is the type check).
    plugins: { regexp, '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // Polynomial or exponential backtracking, also where it is only possible ("potential").
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      // Quadratic scanning from every start position (sticky patterns do not move: exempt). Only
      // "certain" reports: "potential" assumes any pattern may be spliced into a longer one.
      'regexp/no-super-linear-move': ['error', { ignorePartial: false }],
      // Cheap correctness rules: each flags a pattern that cannot mean what it says.
      'regexp/no-dupe-disjunctions': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-empty-capturing-group': 'error',
      'regexp/no-empty-character-class': 'error',
      'regexp/no-empty-group': 'error',
      'regexp/no-empty-lookarounds-assertion': 'error',
      'regexp/no-escape-backspace': 'error',
      'regexp/no-invalid-regexp': 'error',
      'regexp/no-lazy-ends': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-misleading-unicode-character': 'error',
      'regexp/no-optional-assertion': 'error',
      'regexp/no-potentially-useless-backreference': 'error',
      'regexp/no-useless-backreference': 'error',
      'regexp/no-useless-dollar-replacements': 'error',
      'regexp/no-zero-quantifier': 'error',
    },
  },
  {
    // Tests scan the repository's own fixtures and source files, never user text: a quadratic
    // move over a known file is harmless there. Backtracking is still checked.
    files: ['test/**'],
    rules: { 'regexp/no-super-linear-move': 'off' },
  },
];
