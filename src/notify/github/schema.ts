import { z } from '../../shared/zod.ts';

/** The fields of GitHub's issue and comment objects that the notifier reads. */
export const IssueSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.string(),
  body: z.string().nullish(),
  pull_request: z.unknown().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().nullish() })])).default([]),
});

export const CommentSchema = z.object({
  html_url: z.string(),
  body: z.string().nullish(),
});
