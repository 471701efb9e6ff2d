import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../platform/db/connect.ts';
import { copyText, ensureDatasetTable, MAX_STORED_COLUMNS } from './dataset-table.ts';

describe('a dataset table', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await openDatabase({});
  });
  afterAll(() => opened.close());

  it('refuses more columns than it may gather (409, before anything is created)', async () => {
    const names = Array.from({ length: MAX_STORED_COLUMNS + 1 }, (_, i) => `信息项${i}`);
    await expect(ensureDatasetTable(opened.db, { id: 1, stored_columns: [] }, names)).rejects.toMatchObject({
      code: 'DATASET_TOO_MANY_COLUMNS',
      status: 409,
    });
  });

  it('writes COPY text that reads back as the value', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('普通文本')).toBe('普通文本');
  });
});
