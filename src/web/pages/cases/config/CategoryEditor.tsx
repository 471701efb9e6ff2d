import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import {
  type AttributeDatatype,
  type Category,
  type CategoryAttribute,
  type CategoryChanges,
  DATATYPES,
  type LimitUnit,
  type TimeLimits,
  configApi,
} from '../../../api/cases-config';
import { errorMessage } from '../../../components/ErrorAlert';
import { useConfigText } from './texts';

interface AttributeRow {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  valuesText?: string;
}

interface FormValues {
  name: string;
  nameEn: string;
  keywords: string;
  pinyinInitials: string;
  description: string;
  allowAnonymous: boolean;
  concernsComponent: boolean;
  duplicateGroup: string;
  useDefaultLimits: boolean;
  normalAmount?: number;
  normalUnit: LimitUnit;
  urgentAmount?: number;
  urgentUnit: LimitUnit;
  attributes: AttributeRow[];
}

const isList = (d: AttributeDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

function toForm(c: Category): FormValues {
  return {
    name: c.name,
    nameEn: c.nameEn,
    keywords: c.keywords,
    pinyinInitials: c.pinyinInitials,
    description: c.description,
    allowAnonymous: c.allowAnonymous,
    concernsComponent: c.concernsComponent,
    duplicateGroup: c.duplicateGroup,
    useDefaultLimits: !c.timeLimits,
    normalAmount: c.timeLimits?.normal?.amount,
    normalUnit: c.timeLimits?.normal?.unit ?? 'working_days',
    urgentAmount: c.timeLimits?.urgent?.amount,
    urgentUnit: c.timeLimits?.urgent?.unit ?? 'working_hours',
    attributes: c.attributes.map((a) => ({
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      description: a.description,
      valuesText: (a.values ?? []).map((v) => `${v.key}=${v.name}`).join('\n'),
    })),
  };
}

function fromForm(v: FormValues, level: 1 | 2): CategoryChanges {
  const base: CategoryChanges = {
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() ?? '',
    keywords: v.keywords?.trim() ?? '',
    description: v.description?.trim() ?? '',
    ...(v.pinyinInitials?.trim() ? { pinyinInitials: v.pinyinInitials.trim() } : {}),
  };
  if (level === 1) return base;
  let timeLimits: TimeLimits | null = null;
  if (!v.useDefaultLimits) {
    timeLimits = {};
    if (v.normalAmount) timeLimits.normal = { amount: v.normalAmount, unit: v.normalUnit };
    if (v.urgentAmount) timeLimits.urgent = { amount: v.urgentAmount, unit: v.urgentUnit };
  }
  const attributes: CategoryAttribute[] = (v.attributes ?? []).map((a, i) => ({
    code: a.code.trim(),
    datatype: a.datatype,
    required: !!a.required,
    description: a.description?.trim() ?? '',
    order: i + 1,
    ...(isList(a.datatype)
      ? {
          values: (a.valuesText ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const at = line.indexOf('=');
              return at < 0
                ? { key: line, name: line }
                : { key: line.slice(0, at).trim(), name: line.slice(at + 1).trim() };
            }),
        }
      : {}),
  }));
  return {
    ...base,
    allowAnonymous: v.allowAnonymous,
    concernsComponent: v.concernsComponent,
    duplicateGroup: v.duplicateGroup?.trim() || null,
    timeLimits,
    attributes,
  };
}

/** Edit one category: a 大类's names, or everything a 小类 carries (limits, attributes, flags). */
export function CategoryEditor({ category }: { category: Category }) {
  const { t } = useConfigText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => form.setFieldsValue(toForm(category)), [category, form]);
  const useDefault = Form.useWatch('useDefaultLimits', form);
  const refresh = () => client.invalidateQueries({ queryKey: ['cases-config', 'categories'] });

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      configApi.updateCategory(category.id, { ...fromForm(v, category.level), version: category.version }),
    onSuccess: () => {
      message.success(t('saved'));
      refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: () => configApi.setCategoryActive(category.id, category.version, !category.active),
    onSuccess: refresh,
  });
  const unitOptions = (['working_hours', 'working_days'] as const).map((u) => ({ value: u, label: t(`unit_${u}`) }));

  return (
    <Card
      data-testid="category-editor"
      title={
        <Space wrap>
          <span>{category.name}</span>
          <Tag>{category.code}</Tag>
          <Tag color="blue" data-testid="category-pinyin">
            {category.pinyinInitials}
          </Tag>
          {!category.active && <Tag color="red">{t('inactive')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Typography.Text type="secondary">{t('version', { v: category.version })}</Typography.Text>
          <Button onClick={() => toggle.mutate()} loading={toggle.isPending} danger={category.active}>
            {category.active ? t('deactivate') : t('activate')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark={false}>
        <Flex gap={12} wrap>
          <Form.Item name="name" label={t('name')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={50} data-testid="category-name" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} style={{ flex: '1 1 200px' }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="pinyinInitials" label={t('pinyin')} tooltip={t('pinyinHint')} style={{ flex: '0 1 160px' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Flex>
        <Form.Item name="keywords" label={t('keywords')} extra={t('keywordsHint')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {category.level === 2 && (
          <>
            <Flex gap={24} wrap>
              <Form.Item name="allowAnonymous" label={t('allowAnonymous')} valuePropName="checked">
                <Switch data-testid="category-anonymous" />
              </Form.Item>
              <Form.Item name="concernsComponent" label={t('concernsComponent')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="duplicateGroup" label={t('duplicateGroup')}>
                <Input maxLength={40} style={{ width: 160 }} />
              </Form.Item>
            </Flex>
            <Typography.Title level={5}>{t('timeLimits')}</Typography.Title>
            <Form.Item name="useDefaultLimits" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="category-default-limits">{t('timeLimitsDefault')}</Checkbox>
            </Form.Item>
            {!useDefault && (
              <Flex gap={16} wrap>
                {(['normal', 'urgent'] as const).map((u) => (
                  <Space.Compact key={u} style={{ alignItems: 'flex-start' }}>
                    <Button disabled style={{ color: 'inherit' }}>
                      {t(`urgency_${u}`)}
                    </Button>
                    <Form.Item name={`${u}Amount`} noStyle>
                      <InputNumber
                        min={0.5}
                        max={9999}
                        step={1}
                        style={{ width: 100 }}
                        data-testid={`category-limit-${u}`}
                      />
                    </Form.Item>
                    <Form.Item name={`${u}Unit`} noStyle>
                      <Select options={unitOptions} style={{ width: 110 }} data-testid={`category-unit-${u}`} />
                    </Form.Item>
                  </Space.Compact>
                ))}
              </Flex>
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('attributes')}
            </Typography.Title>
            <Form.List name="attributes">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Card key={field.key} size="small" style={{ marginBottom: 8 }} data-testid="attribute-row">
                      <Flex gap={8} wrap align="flex-start">
                        <Form.Item
                          name={[field.name, 'code']}
                          label={t('attrCode')}
                          rules={[{ required: true }]}
                          style={{ width: 140, marginBottom: 8 }}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'datatype']}
                          label={t('attrType')}
                          style={{ width: 160, marginBottom: 8 }}
                        >
                          <Select options={DATATYPES.map((d) => ({ value: d, label: d }))} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'required']}
                          label={t('attrRequired')}
                          valuePropName="checked"
                          style={{ marginBottom: 8 }}
                        >
                          <Switch />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'description']}
                          label={t('attrDescription')}
                          style={{ flex: '1 1 200px', marginBottom: 8 }}
                        >
                          <Input maxLength={200} />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          danger
                          type="text"
                          onClick={() => remove(field.name)}
                          aria-label={t('attrRemove')}
                          style={{ marginTop: 30 }}
                        />
                      </Flex>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          isList(form.getFieldValue(['attributes', field.name, 'datatype'])) && (
                            <Form.Item
                              name={[field.name, 'valuesText']}
                              label={t('attrValues')}
                              style={{ marginBottom: 0 }}
                            >
                              <Input.TextArea rows={3} placeholder={'1=轻微\n2=严重'} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                    </Card>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ code: '', datatype: 'string', required: false, description: '' })}
                  >
                    {t('attrAdd')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
        {save.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(save.error)}
            style={{ marginTop: 12 }}
            data-testid="category-error"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          style={{ marginTop: 16 }}
          data-testid="category-save"
        >
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
