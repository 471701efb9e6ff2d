import { Input, InputNumber, Radio, Select, Typography } from 'antd';
import type { CategoryAttributeDef } from '../../../api/cases-public';
import { cityWallTime, fromCityWallTime } from '../../../components/format';

export type AttributeValues = Record<string, string | number | string[]>;

interface Props {
  defs: CategoryAttributeDef[];
  value: AttributeValues;
  onChange: (v: AttributeValues) => void;
  /** Codes of required attributes still empty (shown in red). */
  missing?: string[];
}

/** The questions a 小类 asks (its Open311 attributes), one control per datatype; short lists as big buttons. */
export function AttributeFields({ defs, value, onChange, missing = [] }: Props) {
  const set = (code: string, v: string | number | string[] | null | undefined) => {
    const next = { ...value };
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[code];
    else next[code] = v;
    onChange(next);
  };
  return (
    <>
      {[...defs]
        .sort((a, b) => a.order - b.order)
        .map((a) => {
          const v = value[a.code];
          const options = (a.values ?? []).map((o) => ({ value: o.key, label: o.name }));
          let control: React.ReactNode;
          if (a.datatype === 'singlevaluelist' && options.length <= 4) {
            control = (
              <Radio.Group
                optionType="button"
                size="large"
                value={v}
                onChange={(e) => set(a.code, e.target.value)}
                options={options.map((o) => ({
                  ...o,
                  style: { flex: options.length > 3 ? '1 1 45%' : 1, textAlign: 'center', marginBottom: 4 },
                }))}
                style={{ display: 'flex', flexWrap: 'wrap' }}
              />
            );
          } else if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
            control = (
              <Select
                size="large"
                style={{ width: '100%' }}
                mode={a.datatype === 'multivaluelist' ? 'multiple' : undefined}
                value={v as string | string[] | undefined}
                onChange={(x) => set(a.code, x)}
                options={options}
                allowClear
              />
            );
          } else if (a.datatype === 'number') {
            control = (
              <InputNumber
                size="large"
                style={{ width: '100%' }}
                value={v as number | undefined}
                onChange={(x) => set(a.code, x ?? undefined)}
              />
            );
          } else if (a.datatype === 'datetime') {
            control = (
              <Input
                size="large"
                type="datetime-local"
                // A wall time in city time, whatever the phone's zone.
                value={cityWallTime(v as string | undefined).slice(0, 16)}
                onChange={(e) => set(a.code, e.target.value ? fromCityWallTime(e.target.value) : '')}
              />
            );
          } else if (a.datatype === 'text') {
            control = (
              <Input.TextArea
                rows={2}
                value={(v as string) ?? ''}
                onChange={(e) => set(a.code, e.target.value)}
                maxLength={2000}
              />
            );
          } else {
            control = (
              <Input
                size="large"
                value={(v as string) ?? ''}
                onChange={(e) => set(a.code, e.target.value)}
                maxLength={2000}
              />
            );
          }
          return (
            <div key={a.code} style={{ marginTop: 10 }} data-testid={`attribute-${a.code}`}>
              <Typography.Text strong>
                {a.description || a.code}
                {a.required && <span style={{ color: '#cf1322' }}> *</span>}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>{control}</div>
              {missing.includes(a.code) && <Typography.Text type="danger">{a.description || a.code}</Typography.Text>}
            </div>
          );
        })}
    </>
  );
}

/** Codes of required attributes without a value. */
export function missingAttributes(defs: CategoryAttributeDef[], value: AttributeValues): string[] {
  return defs.filter((a) => a.required && (value[a.code] === undefined || value[a.code] === '')).map((a) => a.code);
}
