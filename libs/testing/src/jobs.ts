import { eventually } from './infra.js';

/** What the jobs API answers (libs/jobs `JobView`), as a test reads it. */
export interface JobBody {
  jobId: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  scope: string;
  params: Record<string, unknown>;
  result: Record<string, unknown>;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  errors: { item: string; code: string; detail: string }[];
  errorsDropped: number;
  attempts: number;
  failure: { code: string; detail: string } | null;
  cancelRequested: boolean;
}

/** The job's URL from a 202's `Location` (a reference relative to the URL that was posted to). */
export function jobUrl(postedTo: string, location: string | undefined): string {
  if (!location) throw new Error('the 202 carries no Location');
  return new URL(location, postedTo).toString();
}

/** Polls a job's URL until it has finished (succeeded, failed or cancelled); returns the last answer. */
export async function finishedJob(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 60_000,
): Promise<JobBody> {
  return eventually(
    async () => {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as JobBody;
    },
    (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status),
    timeoutMs,
  );
}
