import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, InputNumber, List, Tag, TreeSelect, Typography } from 'antd';
import { configApi } from '../../../api/cases-config';
import { AreaPicker } from '../../../components/AreaPicker';
import { errorMessage } from '../../../components/ErrorAlert';
import { categoryTreeOptions } from './categoryOptions';
import { useConfigText } from './texts';

interface TestForm {
  categoryId?: number;
  areaCode?: string;
  lat?: number;
  lng?: number;
}

/** 试一试: which rule would route a case of this category here, and why (GET route-test). */
export function RouteTester() {
  const { t } = useConfigText();
  const [form] = Form.useForm<TestForm>();
  const cats = useQuery({ queryKey: ['cases-config', 'categories', 'all'], queryFn: () => configApi.categories() });
  const run = useMutation({
    mutationFn: (v: TestForm) =>
      configApi.routeTest({
        categoryId: v.categoryId!,
        ...(v.lat !== undefined && v.lng !== undefined && v.lat !== null && v.lng !== null
          ? { lat: v.lat, lng: v.lng }
          : {}),
        ...(v.areaCode ? { areaCode: v.areaCode } : {}),
      }),
  });
  const r = run.data;
  return (
    <Card title={t('testerTitle')} size="small" data-testid="route-tester">
      <Typography.Paragraph type="secondary">{t('testerIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)}>
        <Form.Item name="categoryId" label={t('ruleCategory')} rules={[{ required: true }]}>
          <TreeSelect
            showSearch
            treeNodeFilterProp="title"
            treeData={categoryTreeOptions(cats.data?.items ?? [], false)}
            data-testid="tester-category"
            placeholder={t('ruleCategory')}
          />
        </Form.Item>
        <Form.Item name="areaCode" label={t('ruleArea')}>
          <AreaPicker data-testid="tester-area" />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="lat" label={t('testerLat')} style={{ flex: 1 }}>
            <InputNumber style={{ width: '100%' }} min={-90} max={90} step={0.001} data-testid="tester-lat" />
          </Form.Item>
          <Form.Item name="lng" label={t('testerLng')} style={{ flex: 1 }}>
            <InputNumber style={{ width: '100%' }} min={-180} max={180} step={0.001} data-testid="tester-lng" />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="tester-run">
          {t('testerRun')}
        </Button>
      </Form>
      {run.error && <Alert type="error" showIcon title={errorMessage(run.error)} style={{ marginTop: 12 }} />}
      {r && (
        <div data-testid="tester-result" style={{ marginTop: 12 }}>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 64, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('ruleCategory')}>{r.categoryPath}</Descriptions.Item>
            {r.located && (
              <Descriptions.Item label={t('ruleArea')}>
                {t('testerLocated', { grid: r.located.gridCode })}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('testerResult')}>
              {r.departmentName ? (
                <Tag color="blue" data-testid="tester-department">
                  {r.departmentName}
                </Tag>
              ) : (
                <Typography.Text type="warning" data-testid="tester-department">
                  {t('testerNone')}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('testerWhy')}>
              <span data-testid="tester-reason">{r.reason}</span>
            </Descriptions.Item>
          </Descriptions>
          {r.candidates.length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t('testerCandidates')}</Typography.Text>}
              dataSource={r.candidates}
              renderItem={(c, i) => (
                <List.Item>
                  <span>
                    {i === 0 && <Tag color="green">✓</Tag>}
                    {c.categoryName ?? t('ruleAnyCategory')} · {c.areaName ?? (c.areaPrefix || t('ruleWholeCity'))} →{' '}
                    {c.departmentName} <Typography.Text type="secondary">P{c.priority}</Typography.Text>
                  </span>
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    </Card>
  );
}
