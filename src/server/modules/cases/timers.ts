// Placeholder: durable case timers (owned by the workflow engineer).
import type { Job } from '../../platform/module.ts';

export const CASE_JOBS: readonly Job[] = [];
