import type { ColumnType, Generated } from 'kysely';

export type DayKind = 'workday' | 'holiday' | 'makeup_workday' | 'weekend';
export type CalendarSource = 'chinese-days' | 'manual' | 'import';

/** A working-hours window in city local time, "HH:MM"–"HH:MM". */
export interface WorkWindow {
  start: string;
  end: string;
}

export interface CalendarTables {
  work_calendar: {
    /** Written as 'YYYY-MM-DD'; read back as a string via to_char in the repo. */
    day: ColumnType<Date, string, string>;
    kind: DayKind;
    name: string | null;
    source: CalendarSource;
    updated_at: Generated<Date>;
    updated_by: Generated<string>;
  };
  calendar_years: {
    year: number;
    source: CalendarSource;
    loaded_at: Generated<Date>;
  };
  calendar_year_alarms: {
    year: number;
    raised_at: Generated<Date>;
  };
  calendar_settings: {
    id: Generated<number>;
    work_hours: ColumnType<WorkWindow[], string | undefined, string>;
    version: Generated<number>;
    updated_at: Generated<Date>;
    updated_by: Generated<string>;
  };
}
