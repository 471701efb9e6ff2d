// Placeholder: replaced by the engineer who owns this file (see module.ts).
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/module.ts';

export async function registerWorkflowRoutes(_app: FastifyInstance, _ctx: ModuleContext): Promise<void> {}
