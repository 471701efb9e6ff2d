// 工作日历: the working-day calendar (holidays, 调休 make-up working days, working hours) and the deadline
// arithmetic other modules use (service.ts: addWorkingDays, addWorkingHours, workingTimeBetween, isWorkingDay).
import { defineModule } from '../../platform/module.ts';
import { messages } from './messages.ts';
import { registerCalendarRoutes } from './routes.ts';
import { bootstrapCalendar } from './seed.ts';

const READ = ['calendar.read'] as const;

export const calendarModule = defineModule({
  name: 'calendar',
  permissions: ['calendar.read', 'calendar.manage'],
  roleGrants: {
    admin: ['calendar.read', 'calendar.manage'],
    hotline_agent: READ,
    dispatcher: READ,
    handler: READ,
    grid_worker: READ,
    inspector: READ,
    data_steward: READ,
    reviewer: READ,
    leader: READ,
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes: registerCalendarRoutes,
  bootstrap: bootstrapCalendar,
});
