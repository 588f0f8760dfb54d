import { describe, expect, it } from 'vitest';
import { AlertRuleInput, BackupNowInput, CommentInput } from '../index.js';
import { IncidentCategory, INCIDENT_CATEGORIES } from '../input-rules.js';
import { inputIssues } from './index.js';

describe("a schema's own words for zod's checks", () => {
  it('are sent with their code, and their parameters, beside the English words', () => {
    const comment = CommentInput.safeParse({ caseType: 'incident', caseId: '0190a8e0-0000-7000-8000-000000000001', body: '   ', visibility: 'internal' });
    expect(inputIssues(comment.error!)).toEqual([
      { path: ['body'], code: 'too_small', message: 'a comment cannot be empty', origin: 'string', minimum: 1, inclusive: true, reason: { code: 'input.comment' } },
    ]);
    const rule = AlertRuleInput.safeParse({ name: 'Hot', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 1.5, severity: 2 });
    expect(inputIssues(rule.error!).map((i) => [i.path, i.reason])).toEqual([[['durationS'], { code: 'input.forHowLong' }]]);
    const category = IncidentCategory.safeParse('flood');
    expect(inputIssues(category.error!)[0]!.reason).toEqual({ code: 'input.categoryFromList', params: { list: INCIDENT_CATEGORIES.join(', ') } });
    // A refine worded with `own` too.
    const backup = BackupNowInput.safeParse({ folder: 'backups', passphrase: 'long enough' });
    expect(inputIssues(backup.error!)).toEqual([{ path: ['folder'], code: 'custom', message: 'must be an absolute path', reason: { code: 'input.absolutePath' } }]);
  });

  it("leave zod's default words, and words not made with `own`, without a code", () => {
    const bare = CommentInput.safeParse({ caseType: 'incident', caseId: 'not-a-uuid', body: 'x'.repeat(10_001), visibility: 'internal' });
    const issues = inputIssues(bare.error!);
    expect(issues.map((i) => i.path[0])).toEqual(['caseId', 'body']);
    expect(issues.every((i) => i.reason === undefined)).toBe(true);
  });

});
