import { NotFoundError } from '../errors/index.js';
import type { ExtraRoute } from '../http/request-context.js';
import { sendJson } from '../http/send-json.js';
import type { DeferredJobRepository } from '../store/store.js';
import { jobView } from './job-view.js';

const JOB_PATH = /^\/lifeline\/jobs\/(job_[a-z2-7]{26})$/;

/**
 * `GET /lifeline/jobs/{id}`: a deferred job's status, attempts and, once done, its answer in the
 * client's protocol. Only the client key that deferred the job may read it; for any other key
 * (or none) the job does not exist, so ids cannot be probed.
 */
export function createJobRoutes(jobs: Pick<DeferredJobRepository, 'get'>): ExtraRoute[] {
  return [
    {
      method: 'GET',
      matches: (path) => path.startsWith('/lifeline/jobs/'),
      async handler(context) {
        const id = JOB_PATH.exec(context.pathname)?.[1];
        const job = id === undefined ? undefined : await jobs.get(id);
        if (!job || job.clientKey !== context.clientKey?.name) throw new NotFoundError(`No deferred job ${context.pathname.slice('/lifeline/jobs/'.length).slice(0, 40)} for this client key.`);
        const headers: Record<string, string> = { 'x-lifeline-request-id': context.requestId, 'cache-control': 'no-store' };
        // Pollers back off on their own; a hint keeps well-behaved ones from spinning.
        if (job.status === 'queued' || job.status === 'running') headers['retry-after'] = '5';
        sendJson(context.response, 200, jobView(job), headers);
      },
    },
  ];
}
