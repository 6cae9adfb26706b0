import { describe, expect, it } from 'vitest';
import { unknownCaseMessage } from '../../src/cli/commands/timeline.js';
import { formatNotesSummary, trimNote, whenText } from '../../src/report/timeline.js';

describe('timeline formatting', () => {
  it('shows London wall time without the offset, seconds only when not zero', () => {
    expect(whenText('2024-03-31')).toBe('2024-03-31');
    expect(whenText('2024-03-31T02:30:00+01:00')).toBe('2024-03-31 02:30');
    expect(whenText('2024-11-04T09:15:07Z')).toBe('2024-11-04 09:15:07');
  });

  it('trims a note to one line of at most the given length', () => {
    expect(trimNote(undefined)).toBe('');
    expect(trimNote('  two\r\nlines  ')).toBe('two lines');
    expect(trimNote('a'.repeat(60))).toBe('a'.repeat(60));
    expect(trimNote('a'.repeat(61))).toBe('a'.repeat(59) + '\u2026');
  });

  it('keeps escape sequences and control characters out of a note', () => {
    expect(trimNote('red \u001b[31malert\u001b[0m\u0007 here')).toBe('red alert here');
  });

  it('summarises notes by kind and lists the first ones', () => {
    expect(formatNotesSummary([])).toBe('');
    const notes = Array.from({ length: 12 }, (_, i) => ({ kind: i < 2 ? ('unknown-type' as const) : ('unparseable-row' as const), message: `note ${i}` }));
    const text = formatNotesSummary(notes);
    expect(text.split('\n')[0]).toBe('12 data-quality note(s): 2 unknown-type, 10 unparseable-row');
    expect(text).toContain('  note 9\n');
    expect(text).not.toContain('note 10');
    expect(text).toContain('... and 2 more (--format json lists them all)');
  });

  it('suggests near case ids, or says how many cases were read', () => {
    expect(unknownCaseMessage('ASB-9999', ['ASB-0999', 'ASB-9998', 'ASB-1234'])).toBe('no case ASB-9999 in the inputs; did you mean ASB-0999, ASB-9998?');
    expect(unknownCaseMessage('asb-0001', ['ASB-0001'])).toBe('no case asb-0001 in the inputs; did you mean ASB-0001?');
    expect(unknownCaseMessage('XYZ', ['ASB-0001', 'ASB-0002'])).toBe('no case XYZ in the inputs (2 case(s) read)');
  });
});
