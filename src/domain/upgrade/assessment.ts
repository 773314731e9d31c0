import type { BreakingChange, ReleaseNotesReport } from './release-notes.js';

/** The questions of workflow 5.1, answered by the operator before a major merges. */
export interface AssessmentQuestion {
  id: 'api-crd' | 'removed-features' | 'config-format' | 'data-migration' | 'upgrade-path';
  text: string;
}

export const ASSESSMENT_QUESTIONS: readonly AssessmentQuestion[] = [
  { id: 'api-crd', text: 'Are there API/CRD schema changes?' },
  { id: 'removed-features', text: 'Are there deprecated features being removed?' },
  { id: 'config-format', text: 'Are there configuration file format changes?' },
  { id: 'data-migration', text: 'Are there data migration requirements?' },
  { id: 'upgrade-path', text: 'Is there a recommended upgrade path (e.g. v7 → v8 → v9)?' },
];

export type AnswerWord = 'yes' | 'no' | 'unknown';

export interface AssessmentAnswer {
  answer: AnswerWord;
  /** What the operator wrote after the word (`yes: pg_dump/restore cycle`). */
  note: string;
}

export type AssessmentAnswers = Partial<Record<AssessmentQuestion['id'], AssessmentAnswer>>;

/**
 * Reads one typed answer: `yes`, `no` or `unknown` (y/n/?), optionally followed by `:` or a space and
 * a note. Anything else is null (the question is asked again). A "yes" without a note is refused:
 * the issue should say what changes.
 */
export function parseAnswer(typed: string): AssessmentAnswer | { error: string } {
  const m = typed.trim().match(/^(yes|y|no|n|unknown|\?)(?=$|[\s:—-])\s*[:—-]?\s*(.*)$/i);
  if (!m) return { error: 'answer yes, no or unknown (optionally followed by a note)' };
  const word = m[1]!.toLowerCase();
  const answer: AnswerWord = word.startsWith('y') ? 'yes' : word.startsWith('n') ? 'no' : 'unknown';
  const note = m[2]!.trim();
  if (answer === 'yes' && !note) return { error: 'a "yes" needs a note saying what changes (yes: …)' };
  return { answer, note };
}

/** A suggestion for each question from the release notes' breaking lines (shown, never recorded as the answer). */
export function suggestAnswers(report: ReleaseNotesReport): Partial<Record<AssessmentQuestion['id'], string>> {
  const out: Partial<Record<AssessmentQuestion['id'], string>> = {};
  const first = (pred: (c: BreakingChange) => boolean) => report.changes.find(pred)?.text;
  const crd = first((c) => /\bcrds?\b|customresourcedefinition|\bapi(?:version)?\b|v1alpha|v1beta/i.test(c.text));
  if (crd) out['api-crd'] = crd;
  const removed = first((c) => c.kinds.includes('removed') || c.kinds.includes('deprecated'));
  if (removed) out['removed-features'] = removed;
  const config = first((c) => /\bconfig|values|setting|option|flag|parameter|\.conf\b|\byaml\b/i.test(c.text));
  if (config) out['config-format'] = config;
  const migration = first((c) => c.kinds.includes('migration'));
  if (migration) out['data-migration'] = migration;
  if (!report.present) for (const q of ASSESSMENT_QUESTIONS) out[q.id] ??= 'no release notes in the PR body: check upstream';
  return out;
}

export function unanswered(answers: AssessmentAnswers): AssessmentQuestion[] {
  return ASSESSMENT_QUESTIONS.filter((q) => !answers[q.id]);
}

/** The answers as issue lines. */
export function assessmentLines(answers: AssessmentAnswers): string[] {
  return ASSESSMENT_QUESTIONS.map((q) => {
    const a = answers[q.id];
    return `- [${a ? 'x' : ' '}] ${q.text} ${a ? `**${a.answer}**${a.note ? ` — ${a.note}` : ''}` : '(not answered)'}`;
  });
}
