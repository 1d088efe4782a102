import { rescreenJob } from '../../app/watchlist.ts';
import type { JobHandler } from '../types.ts';

/** 'lists.rescreen': the watchlist of one case (`{case_id}`) or of every case brought up to date. */
export const handler: JobHandler<unknown, unknown> = rescreenJob;
