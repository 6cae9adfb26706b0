import { describe, expect, it } from 'vitest';
import { describeCondition, describeLimit } from '../../src/policy/describe.js';
import { loadFixture } from './helpers.js';

describe('describeCondition', () => {
  it('says the default high-risk condition as a compliance officer would', () => {
    const policy = loadFixture('valid.yaml');
    expect(describeCondition(policy.conditions['high-risk']!)).toBe(
      'the case is high priority, or its category is hate, domestic abuse, violence or threats, or it is hate-motivated, or the report mentions hate or risk-of-harm keywords',
    );
  });

  it('refers to named conditions by name, in words', () => {
    expect(describeCondition('high-risk')).toBe('the case is high risk');
    expect(describeCondition({ not: 'high-risk' })).toBe('the case is not high risk');
  });

  it('joins two tests with or/and, several with commas', () => {
    expect(describeCondition({ any: ['high-risk', { vulnerable: true }] })).toBe('the case is high risk or it has a recorded or indicated vulnerability');
    expect(describeCondition({ priority: ['high', 'urgent'], hate_motivated: false })).toBe('the case is high or urgent priority and it is not hate-motivated');
    expect(describeCondition({ all: [{ category: ['noise'] }, { vulnerable: false }, 'high-risk'] })).toBe(
      "the case's category is noise, and it has no recorded or indicated vulnerability, and it is high risk",
    );
  });

  it('says a negated test plainly', () => {
    expect(describeCondition({ not: { vulnerable: true } })).toBe('the case has no recorded or indicated vulnerability');
    expect(describeCondition({ not: { category: ['hate', 'noise'] } })).toBe("the case's category is not hate or noise");
    expect(describeCondition({ not: { report_mentions: ['hate'] } })).toBe('the report does not mention hate keywords');
    expect(describeCondition({ not: { hate_motivated: false } })).toBe('the case is hate-motivated');
    expect(describeCondition({ not: { not: 'high-risk' } })).toBe('the case is high risk');
    expect(describeCondition({ not: { any: ['high-risk', { priority: ['high'] }] } })).toBe('it is not so that the case is high risk or it is high priority');
    expect(describeCondition({ not: { priority: ['high'], vulnerable: true } })).toBe(
      'it is not so that the case is high priority and it has a recorded or indicated vulnerability',
    );
  });
});

describe('describeLimit', () => {
  it('one limit, in each unit, singular and plural', () => {
    expect(describeLimit({ working_days: 1 })).toBe('1 working day');
    expect(describeLimit({ working_days: 5 })).toBe('5 working days');
    expect(describeLimit({ days: 1 })).toBe('1 day');
    expect(describeLimit({ days: 14 })).toBe('14 days');
    expect(describeLimit({ hours: 24 })).toBe('24 hours');
    expect(describeLimit({ days: 0 })).toBe('0 days');
  });

  it('a conditional limit, naming the condition in words, with "otherwise"', () => {
    expect(describeLimit([{ if: 'high-risk', working_days: 1 }, { working_days: 5 }])).toBe('1 working day if the case is high risk; otherwise 5 working days');
    expect(describeLimit([{ if: { priority: ['high'] }, hours: 24 }, { if: 'high-risk', working_days: 2 }, { days: 10 }])).toBe(
      '24 hours if the case is high priority; 2 working days if the case is high risk; otherwise 10 days',
    );
  });

  it('stops at the first entry without a condition (later ones never apply)', () => {
    expect(describeLimit([{ working_days: 5 }, { working_days: 1 }])).toBe('5 working days');
  });
});
