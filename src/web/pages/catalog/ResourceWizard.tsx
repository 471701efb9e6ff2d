import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Element, type ResourceCreate, catalogApi } from '../../api/catalog';
import { ApiError } from '../../api/client';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n/I18nProvider';
import { ElementSelect } from './ElementSelect';
import { LABELS, useCatalogText } from './labels';

interface ItemRow {
  name?: string;
  element?: Element | null;
  isKey?: boolean;
  personalInfo?: 'none' | 'personal' | 'sensitive';
  example?: string;
}

interface Values {
  name?: string;
  summary?: string;
  kind?: string;
  classification?: string;
  providerDepartmentId?: number;
  format?: string;
  updateCycle?: string;
  grade?: string;
  items?: ItemRow[];
  shareType?: string;
  shareConditions?: string;
  shareBasis?: string;
  shareMethod?: string;
  openness?: string;
}

const KIND_DIGIT: Record<string, string> = { base: '1', theme: '2', department: '3' };

/** Which step holds each top-level field, so a server refusal can take the user back to it. */
const STEP_OF: Record<string, number> = {
  name: 0,
  summary: 0,
  kind: 0,
  classification: 0,
  providerDepartmentId: 0,
  format: 0,
  updateCycle: 0,
  grade: 0,
  items: 1,
  shareType: 2,
  shareConditions: 2,
  shareBasis: 2,
  shareMethod: 2,
  openness: 2,
  relatedCodes: 2,
};
const STEP_FIELDS: string[][] = [
  ['name', 'summary', 'kind', 'classification', 'providerDepartmentId', 'format', 'updateCycle', 'grade'],
  ['items'],
  ['shareType', 'shareConditions', 'shareBasis', 'shareMethod', 'openness'],
];

/** "items[2].element" → ['items', 2, 'element']. */
function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^body\.?/, '')
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export default function ResourceWizard() {
  const { t, label, locale } = useCatalogText();
  const tc = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState(0);
  const [itemsError, setItemsError] = useState<string | null>(null);
  const shareType = Form.useWatch('shareType', form);
  const i = locale === 'en' ? 1 : 0;
  const options = (group: string) => Object.entries(LABELS[group]).map(([value, pair]) => ({ value, label: pair[i] }));

  const create = useMutation({
    mutationFn: (input: ResourceCreate) => catalogApi.createResource(input),
    onSuccess: (created) => {
      queryClient.invalidateQueries({ queryKey: ['catalog', 'resources'] });
      message.success(t('created', { code: created.code }));
      navigate(`/catalog/resources/${created.code}`);
    },
    onError: (error) => {
      const field = error instanceof ApiError ? (error.details.field as string | undefined) : undefined;
      if (!field) {
        message.error(errorMessage(error));
        return;
      }
      const path = fieldPath(field);
      const step = STEP_OF[String(path[0])];
      if (step === undefined) {
        message.error(errorMessage(error));
        return;
      }
      setCurrent(step);
      if (path.length === 1 && path[0] === 'items') setItemsError(errorMessage(error));
      else form.setFields([{ name: path as never, errors: [errorMessage(error)] }]);
    },
  });

  const next = async () => {
    try {
      await form.validateFields(STEP_FIELDS[current], { recursive: true });
      if (current === 1 && !(form.getFieldValue('items') as ItemRow[] | undefined)?.length) {
        setItemsError(t('itemsRequired'));
        return;
      }
      setItemsError(null);
      setCurrent(current + 1);
    } catch {
      // the form shows the errors next to the fields
    }
  };

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const blank = (s?: string) => (s?.trim() ? s.trim() : null);
    create.mutate({
      name: v.name?.trim() ?? '',
      summary: v.summary?.trim() ?? '',
      kind: v.kind ?? 'department',
      classification: v.classification?.trim() ?? '',
      providerDepartmentId: v.providerDepartmentId ?? null,
      format: v.format ?? 'table',
      updateCycle: v.updateCycle ?? 'monthly',
      grade: v.grade ?? 'general',
      items: (v.items ?? []).map((it) => ({
        name: it.name?.trim() ?? '',
        element: { identifier: it.element?.identifier ?? '', version: it.element?.version ?? 1 },
        isKey: !!it.isKey,
        personalInfo: it.personalInfo ?? 'none',
        example: blank(it.example),
      })),
      shareType: v.shareType ?? 'unconditional',
      shareConditions: blank(v.shareConditions),
      shareBasis: blank(v.shareBasis),
      shareMethod: v.shareMethod ?? null,
      openness: v.openness ?? 'closed',
    });
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: tc('common.required', { field }) }];
  const v = Form.useWatch([], form) as Values | undefined;

  return (
    <div data-testid="catalog-wizard">
      <PageTitle title={t('wizardTitle')} intro={t('wizardIntro')} />
      <Card>
        <Steps
          current={current}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('stepBasic') },
            { title: t('stepItems') },
            { title: t('stepSharing') },
            { title: t('stepReview') },
          ]}
        />
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            kind: 'department',
            classification: '301001',
            format: 'table',
            updateCycle: 'monthly',
            grade: 'general',
            items: [{ personalInfo: 'none', isKey: true }],
            shareType: 'unconditional',
            shareMethod: 'api',
            openness: 'closed',
          }}
          onValuesChange={(changed: Values) => {
            if (changed.kind) {
              const cls = (form.getFieldValue('classification') as string | undefined) ?? '';
              form.setFieldValue('classification', KIND_DIGIT[changed.kind] + cls.slice(1));
            }
            if (changed.items) setItemsError(null);
          }}
        >
          <div hidden={current !== 0}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label={t('name')} rules={required(t('name'))}>
                  <Input data-testid="wiz-name" maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="providerDepartmentId" label={t('provider')}>
                  <DepartmentSelect allowClear data-testid="wiz-provider" />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="summary" label={t('summary')} rules={required(t('summary'))}>
                  <Input.TextArea data-testid="wiz-summary" rows={3} maxLength={4000} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="kind" label={t('kind')} rules={required(t('kind'))}>
                  <Select options={options('kind')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="classification"
                  label={t('classification')}
                  rules={[{ required: true, pattern: /^[1-3]\d{5}(\d{3})?$/, message: '101001 / 301001001' }]}
                >
                  <Input data-testid="wiz-classification" maxLength={9} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="format" label={t('format')}>
                  <Select options={options('format')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="updateCycle" label={t('updateCycle')}>
                  <Select options={options('updateCycle')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="grade" label={t('grade')}>
                  <Select options={options('grade')} />
                </Form.Item>
              </Col>
            </Row>
          </div>

          <div hidden={current !== 1}>
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Row key={field.key} gutter={8} align="top" data-testid={`wiz-item-${index}`}>
                      <Col xs={24} md={5}>
                        <Form.Item
                          name={[field.name, 'name']}
                          label={index === 0 ? t('itemName') : undefined}
                          rules={required(t('itemName'))}
                        >
                          <Input data-testid={`wiz-item-name-${index}`} maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={7}>
                        <Form.Item
                          name={[field.name, 'element']}
                          label={index === 0 ? t('element') : undefined}
                          rules={[
                            { required: true, type: 'object', message: tc('common.required', { field: t('element') }) },
                          ]}
                        >
                          <ElementPicker testId={`wiz-item-element-${index}`} placeholder={t('pickElement')} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={4}>
                        <Form.Item
                          name={[field.name, 'personalInfo']}
                          label={index === 0 ? t('personalInfo') : undefined}
                        >
                          <Select options={options('personalInfo')} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={4}>
                        <Form.Item name={[field.name, 'example']} label={index === 0 ? t('example') : undefined}>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={2}>
                        <Form.Item
                          name={[field.name, 'isKey']}
                          valuePropName="checked"
                          label={index === 0 ? t('isKey') : undefined}
                        >
                          <Checkbox />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={2} style={{ paddingTop: index === 0 ? 30 : 0 }}>
                        <Button icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => remove(field.name)} />
                      </Col>
                    </Row>
                  ))}
                  {itemsError && (
                    <Typography.Text
                      type="danger"
                      data-testid="wiz-items-error"
                      style={{ display: 'block', marginBottom: 8 }}
                    >
                      {itemsError}
                    </Typography.Text>
                  )}
                  <Button
                    icon={<PlusOutlined />}
                    data-testid="wiz-add-item"
                    onClick={() => add({ personalInfo: 'none' })}
                  >
                    {t('addItem')}
                  </Button>
                </>
              )}
            </Form.List>
          </div>

          <div hidden={current !== 2}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="shareType" label={t('shareType')}>
                  <Select data-testid="wiz-share-type" options={options('shareType')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="shareMethod" label={t('shareMethod')}>
                  <Select allowClear options={options('shareMethod')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="openness" label={t('openness')}>
                  <Select data-testid="wiz-openness" options={options('openness')} />
                </Form.Item>
              </Col>
              {shareType === 'conditional' && (
                <Col span={24}>
                  <Form.Item name="shareConditions" label={t('shareConditions')}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Col>
              )}
              {shareType === 'none' && (
                <Col span={24}>
                  <Form.Item name="shareBasis" label={t('shareBasis')}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </div>

          {current === 3 && v && (
            <div data-testid="wiz-review">
              <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('name')}>{v.name}</Descriptions.Item>
                <Descriptions.Item label={t('classification')}>
                  {v.classification}（{label('kind', v.kind)}）
                </Descriptions.Item>
                <Descriptions.Item label={t('format')}>{label('format', v.format)}</Descriptions.Item>
                <Descriptions.Item label={t('updateCycle')}>{label('updateCycle', v.updateCycle)}</Descriptions.Item>
                <Descriptions.Item label={t('grade')}>{label('grade', v.grade)}</Descriptions.Item>
                <Descriptions.Item label={t('shareType')}>{label('shareType', v.shareType)}</Descriptions.Item>
                <Descriptions.Item label={t('openness')}>{label('openness', v.openness)}</Descriptions.Item>
                <Descriptions.Item label={t('shareMethod')}>{label('shareMethod', v.shareMethod)}</Descriptions.Item>
                <Descriptions.Item label={t('summary')} span="filled">
                  {v.summary}
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey={(_, index) => String(index)}
                pagination={false}
                dataSource={(form.getFieldValue('items') as ItemRow[] | undefined) ?? []}
                columns={[
                  { title: t('itemName'), dataIndex: 'name' },
                  {
                    title: t('element'),
                    key: 'el',
                    render: (_, it: ItemRow) =>
                      it.element ? `${it.element.identifier} v${it.element.version} ${it.element.nameZh}` : '—',
                  },
                  {
                    title: t('personalInfo'),
                    dataIndex: 'personalInfo',
                    render: (p: string) => label('personalInfo', p),
                  },
                  {
                    title: t('isKey'),
                    dataIndex: 'isKey',
                    render: (k: boolean) => (k ? <Tag color="blue">✓</Tag> : ''),
                  },
                ]}
              />
            </div>
          )}
        </Form>
        <Flex justify="space-between" style={{ marginTop: 24 }}>
          <Button disabled={current === 0} onClick={() => setCurrent(current - 1)} data-testid="wiz-prev">
            {t('prev')}
          </Button>
          {current < 3 ? (
            <Button type="primary" onClick={next} data-testid="wiz-next">
              {t('next')}
            </Button>
          ) : (
            <Button type="primary" loading={create.isPending} onClick={submit} data-testid="wiz-create">
              {t('createDraft')}
            </Button>
          )}
        </Flex>
      </Card>
    </div>
  );
}

/** Adapts ElementSelect to a Form.Item (value/onChange injected by the form). */
function ElementPicker({
  value,
  onChange,
  testId,
  placeholder,
}: {
  value?: Element | null;
  onChange?: (e: Element | null) => void;
  testId: string;
  placeholder: string;
}) {
  return <ElementSelect value={value} onChange={(e) => onChange?.(e)} testId={testId} placeholder={placeholder} />;
}
