/**
 * Statistics for the findings: exact tests on counts, multiple-testing control and robust
 * summaries. Pure functions on numbers; see each file for the method and its source.
 */
export * from './special-functions';
export * from './distributions';
export * from './exact-tests';
export * from './multiple-testing';
export * from './descriptive';
export * from './format';
export * from './fisher-exact';
