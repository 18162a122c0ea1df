/** Turns zod issues into field errors with catalog keys: the one place that knows zod's issue shapes. */
import type { z } from 'zod';
import type { FieldError } from '../errors.js';

export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const limits: Record<string, number> | undefined = issue.code === 'too_small' ? { min: Number(issue.minimum) } : issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined;
    const params = (issue as { params?: Record<string, string | number> }).params ?? limits;
    if (issue.message.startsWith('v.')) return { path, key: issue.message, ...(params ? { params } : {}) };
    switch (issue.code) {
      case 'invalid_type':
        return { path, key: issue.input === undefined ? 'v.required' : 'v.type' };
      case 'too_small':
        return { path, key: 'v.too_small', params: { min: Number(issue.minimum) } };
      case 'too_big':
        return { path, key: 'v.too_big', params: { max: Number(issue.maximum) } };
      case 'unrecognized_keys':
        return { path, key: 'v.unknown_field', params: { fields: issue.keys.join(', ') } };
      case 'invalid_value':
        return { path, key: 'v.choice' };
      default:
        return { path, key: 'v.invalid' };
    }
  });
}
