export { generateSample, DEFAULT_SAMPLE_AS_OF, DEFAULT_EVENTS_PER_CASE_MAX, type GeneratedSample, type SampleCase, type SampleOptions } from './generate.js';
export { renderSample, writeSampleFiles, writeEventsCsv, writeCasesCsv, writeEventsJson, SAMPLE_EVENT_COLUMNS, SAMPLE_CASE_COLUMNS, SAMPLE_FILES, type Write } from './write.js';
