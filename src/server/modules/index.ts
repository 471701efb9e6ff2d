// Every module, in dependency order: migrations run and routes register in this order.
import type { MigrationSource } from '../platform/db/migrate.ts';
import type { ModuleManifest } from '../platform/module.ts';
import { auditModule } from './audit/module.ts';
import { casesModule } from './cases/module.ts';
import { calendarModule } from './calendar/module.ts';
import { catalogModule } from './catalog/module.ts';
import { exchangeModule } from './exchange/module.ts';
import { geoModule } from './geo/module.ts';
import { notifyModule } from './notify/module.ts';
import { open311Module } from './open311/module.ts';
import { orgModule } from './org/module.ts';

export const PLATFORM_MIGRATIONS: MigrationSource[] = [
  { owner: 'platform.audit', folder: new URL('../platform/audit/migrations/', import.meta.url) },
  { owner: 'platform.outbox', folder: new URL('../platform/outbox/migrations/', import.meta.url) },
  { owner: 'platform.idempotency', folder: new URL('../platform/http/idempotency-migrations/', import.meta.url) },
];

export const MODULES: readonly ModuleManifest[] = [
  geoModule,
  calendarModule,
  orgModule,
  catalogModule,
  exchangeModule,
  casesModule,
  notifyModule,
  open311Module,
  auditModule,
];
