// HTTP for the working-day calendar: validate, call the service in a transaction, present.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import * as service from './service.ts';

const strict = { additionalProperties: false } as const;
const DayString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (city local)' });
const Kind = Type.Union(['workday', 'holiday', 'makeup_workday', 'weekend'].map((k) => Type.Literal(k)));
const Name = Type.Union([Type.String({ maxLength: 50 }), Type.Null()]);
const DayView = Type.Object({
  day: Type.String(),
  kind: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  working: Type.Boolean(),
  source: Type.String(),
});
const Window = Type.Object(
  { start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }) },
  strict,
);
const Settings = Type.Object({ workHours: Type.Array(Window), coveredYears: Type.Array(Type.Integer()) });
const Deadline = Type.Object({
  due: Type.String({ format: 'date-time' }),
  alarm: Type.Optional(Type.Literal('year_not_covered')),
  uncoveredYears: Type.Optional(Type.Array(Type.Integer())),
});

export function registerCalendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: '工作日历 Days from..to',
        description: 'At most 400 days. Days of years not loaded come back as Mon–Fri with source "fallback".',
        querystring: Type.Object({ from: DayString, to: DayString }, strict),
        response: {
          200: Type.Object({ items: Type.Array(DayView), uncoveredYears: Type.Array(Type.Integer()) }),
        },
      },
    },
    async (req) => runAction(req, (tx, actor) => service.listDays(tx, actor, req.query.from, req.query.to)),
  );

  app.put(
    '/api/v1/calendar/days/:day',
    {
      schema: {
        tags: ['calendar'],
        summary: '修改某日 Set one day’s kind',
        description: 'Admin; audited. The year must be loaded (409 CALENDAR_YEAR_NOT_COVERED otherwise).',
        params: Type.Object({ day: DayString }, strict),
        body: Type.Object({ kind: Kind, name: Type.Optional(Name) }, strict),
        response: { 200: DayView },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        service.setDay(tx, actor, req.params.day, req.body.kind as never, req.body.name ?? null),
      ),
  );

  app.post(
    '/api/v1/calendar/import',
    {
      schema: {
        tags: ['calendar'],
        summary: '导入年度放假安排 Import whole years',
        description:
          'A JSON list of {day, kind, name}; the years it touches are loaded whole (unlisted days Mon–Fri workday, ' +
          'Sat–Sun weekend). All or nothing.',
        body: Type.Array(
          Type.Object({ day: Type.String({ maxLength: 10 }), kind: Kind, name: Type.Optional(Name) }, strict),
          { maxItems: 2000 },
        ),
        response: {
          200: Type.Object({ years: Type.Array(Type.Integer()), days: Type.Integer(), listed: Type.Integer() }),
        },
      },
    },
    async (req) => runAction(req, (tx, actor) => service.importDays(tx, actor, req.body as service.ImportEntry[])),
  );

  app.get(
    '/api/v1/calendar/settings',
    {
      schema: { tags: ['calendar'], summary: '工作时段 Working hours', response: { 200: Settings } },
    },
    async (req) => runAction(req, (tx, actor) => service.getSettings(tx, actor)),
  );

  app.put(
    '/api/v1/calendar/settings',
    {
      schema: {
        tags: ['calendar'],
        summary: '修改工作时段 Set working hours',
        description: 'Windows in city local time; they must not overlap.',
        body: Type.Object({ workHours: Type.Array(Window, { maxItems: 6 }) }, strict),
        response: { 200: Settings },
      },
    },
    async (req) => runAction(req, (tx, actor) => service.setSettings(tx, actor, req.body.workHours)),
  );

  app.get(
    '/api/v1/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: '计算办理时限 Deadline',
        description:
          'workingDays: end of the nth working day after `from`; workingHours: on the working-hours windows. ' +
          'alarm "year_not_covered" when a year without a loaded calendar was used (Mon–Fri fallback).',
        querystring: Type.Object(
          {
            from: Type.String({ format: 'date-time' }),
            workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 2000 })),
            workingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 20000 })),
          },
          strict,
        ),
        response: { 200: Deadline },
      },
    },
    async (req) => {
      const r = await runAction(req, (tx, actor) =>
        service.deadline(tx, actor, new Date(req.query.from), {
          workingDays: req.query.workingDays,
          workingHours: req.query.workingHours,
        }),
      );
      return { ...r, due: r.due.toISOString() };
    },
  );
}
