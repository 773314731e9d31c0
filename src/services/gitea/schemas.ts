import { z } from 'zod';

/*
 * Zod schemas for the Gitea responses the console reads. They hold what the console relies on
 * (required) and tolerate what real servers leave out or send as null: Go pointers and nil slices
 * marshal to null, and Gitea < 1.26 / Forgejo have no content_version. Unknown keys are dropped.
 */

const id = z.number().int();
const nullableArray = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const userSchema = z.object({
  id,
  login: z.string(),
  full_name: z.string().optional(),
  email: z.string().optional(),
  is_admin: z.boolean().optional(),
  username: z.string().optional(),
  html_url: z.string().optional(),
});
export type GiteaUser = z.output<typeof userSchema>;

export const labelSchema = z.object({
  id,
  name: z.string(),
  color: z.string(),
  description: z.string().optional(),
  exclusive: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  url: z.string().optional(),
});
export type GiteaLabel = z.output<typeof labelSchema>;
export const labelListSchema = z.array(labelSchema);

export const serverVersionSchema = z.object({ version: z.string() });

const pullRequestMetaSchema = z.object({
  merged: z.boolean().optional(),
  merged_at: z.string().nullish(),
  draft: z.boolean().optional(),
  html_url: z.string().optional(),
});

/** What issues and pull requests share (a PR is an issue with a branch). */
const threadFields = {
  id,
  number: id,
  title: z.string(),
  body: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  state: z.enum(['open', 'closed']),
  user: userSchema,
  labels: nullableArray(labelSchema),
};

export const issueSchema = z.object({
  ...threadFields,
  html_url: z.string(),
  url: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  pull_request: pullRequestMetaSchema.nullish(),
  content_version: z.number().int().optional(),
  is_locked: z.boolean().optional(),
  comments: z.number().int().optional(),
});
export type GiteaIssue = z.output<typeof issueSchema>;
export const issueListSchema = z.array(issueSchema);

const branchInfoSchema = z.object({
  label: z.string(),
  ref: z.string(),
  sha: z.string(),
  repo_id: z.number().int().optional(),
});

export const pullRequestSchema = z.object({
  ...threadFields,
  draft: z.boolean().optional(),
  mergeable: z.boolean(),
  merged: z.boolean(),
  merged_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
  head: branchInfoSchema,
  base: branchInfoSchema,
  html_url: z.string(),
  additions: z.number().int().optional(),
  deletions: z.number().int().optional(),
  changed_files: z.number().int().optional(),
  content_version: z.number().int().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type GiteaPullRequest = z.output<typeof pullRequestSchema>;
export const pullRequestListSchema = z.array(pullRequestSchema);

export const changedFileSchema = z.object({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.string(),
  additions: z.number().int(),
  deletions: z.number().int(),
  changes: z.number().int(),
  html_url: z.string().optional(),
  contents_url: z.string().optional(),
  raw_url: z.string().optional(),
});
export type GiteaChangedFile = z.output<typeof changedFileSchema>;
export const changedFileListSchema = z.array(changedFileSchema);

const statusState = z.enum(['pending', 'success', 'error', 'failure', 'warning', 'skipped']);
export const commitStatusSchema = z.object({
  id,
  context: z.string(),
  status: statusState,
  description: z.string().optional(),
  target_url: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export const combinedStatusSchema = z.object({
  state: statusState,
  sha: z.string(),
  total_count: z.number().int(),
  statuses: nullableArray(commitStatusSchema),
});
export type GiteaCombinedStatus = z.output<typeof combinedStatusSchema>;

export const contentsResponseSchema = z.object({
  type: z.string(),
  name: z.string(),
  path: z.string(),
  sha: z.string(),
  size: z.number().int(),
  encoding: z.string().nullish(),
  content: z.string().nullish(),
  last_commit_sha: z.string().optional(),
});
export type GiteaContents = z.output<typeof contentsResponseSchema>;

const commitMetaSchema = z.object({ sha: z.string(), url: z.string().optional(), created: z.string().optional() });

export const filesResponseSchema = z.object({
  commit: z.object({ sha: z.string(), parents: nullableArray(commitMetaSchema), message: z.string().optional() }),
  files: nullableArray(contentsResponseSchema.nullable()),
});

export const commitSchema = z.object({
  sha: z.string(),
  html_url: z.string().optional(),
  created: z.string().optional(),
  commit: z.object({ message: z.string() }),
  parents: nullableArray(commitMetaSchema),
  files: nullableArray(z.object({ filename: z.string(), status: z.string() })),
});
export type GiteaCommit = z.output<typeof commitSchema>;

export const branchSchema = z.object({
  name: z.string(),
  commit: z.object({ id: z.string(), message: z.string().optional() }),
  protected: z.boolean(),
  required_approvals: z.number().int().optional(),
  enable_status_check: z.boolean().optional(),
  status_check_contexts: nullableArray(z.string()),
  user_can_merge: z.boolean().optional(),
  user_can_push: z.boolean().optional(),
  effective_branch_protection_name: z.string().optional(),
});
export type GiteaBranch = z.output<typeof branchSchema>;

export const branchProtectionSchema = z.object({
  rule_name: z.string(),
  branch_name: z.string().optional(),
  enable_push: z.boolean().optional(),
  enable_status_check: z.boolean().optional(),
  status_check_contexts: nullableArray(z.string()),
  required_approvals: z.number().int().optional(),
  block_on_outdated_branch: z.boolean().optional(),
  block_admin_merge_override: z.boolean().optional(),
});
export type GiteaBranchProtection = z.output<typeof branchProtectionSchema>;
export const branchProtectionListSchema = z.array(branchProtectionSchema);

/** `{message, url}`; merge conflicts send a different struct, so everything is optional. */
export const apiErrorSchema = z.object({ message: z.string().optional(), url: z.string().optional() }).passthrough();
