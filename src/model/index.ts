export * from './event.js';
export * from './case.js';
export * from './timeline.js';
export * from './finding.js';
export * from './time.js';
