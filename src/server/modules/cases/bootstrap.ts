// Placeholder: default categories, routing rules and settings (owned by the configuration engineer).
import type { ModuleContext } from '../../platform/module.ts';

export async function bootstrapCases(_ctx: ModuleContext): Promise<void> {}
