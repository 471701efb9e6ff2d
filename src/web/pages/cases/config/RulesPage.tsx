import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type RoutingRule, type RuleFields, configApi } from '../../../api/cases-config';
import { AreaPicker } from '../../../components/AreaPicker';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { PageTitle } from '../../../components/PageTitle';
import { categoryTreeOptions } from './categoryOptions';
import { RouteTester } from './RouteTester';
import { ActiveRowActions, ShowInactive } from './rowActions';
import { useConfigText } from './texts';

function RuleModal({ rule, onClose }: { rule: RoutingRule | 'new'; onClose: (saved: boolean) => void }) {
  const { t } = useConfigText();
  const [form] = Form.useForm<RuleFields>();
  const cats = useQuery({ queryKey: ['cases-config', 'categories', 'all'], queryFn: () => configApi.categories() });
  const save = useMutation({
    mutationFn: (v: RuleFields) => {
      const body = { ...v, categoryId: v.categoryId ?? null, areaPrefix: v.areaPrefix ?? '' };
      return rule === 'new'
        ? configApi.createRule({ ...body, departmentId: v.departmentId! })
        : configApi.updateRule(rule.id, { ...body, version: rule.version });
    },
    onSuccess: () => onClose(true),
  });
  const initial = rule === 'new' ? { priority: 0, areaPrefix: '' } : { ...rule };
  return (
    <Modal
      open
      title={rule === 'new' ? t('ruleAdd') : t('edit')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="categoryId" label={t('ruleCategory')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={categoryTreeOptions(cats.data?.items ?? [])}
            placeholder={t('ruleAnyCategory')}
          />
        </Form.Item>
        <Form.Item name="areaPrefix" label={t('ruleArea')}>
          <AreaPicker placeholder={t('ruleWholeCity')} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('ruleDepartment')} rules={[{ required: true }]}>
          <DepartmentSelect fallbackLabel={rule === 'new' ? null : rule.departmentName} />
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="level" label={t('ruleLevel')}>
              <Select
                allowClear
                options={(['city', 'district', 'street'] as const).map((l) => ({ value: l, label: t(`level_${l}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('rulePriority')}>
              <InputNumber min={-1000} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('ruleNote')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} />}
    </Modal>
  );
}

/** 派单规则: the rules table beside the route tester. */
export default function RulesPage() {
  const { t } = useConfigText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const rules = useQuery({
    queryKey: ['cases-config', 'rules', showInactive],
    queryFn: () => configApi.rules(showInactive ? undefined : true),
  });
  const deactivate = useMutation({
    mutationFn: (r: RoutingRule) => configApi.deactivateRule(r.id, r.version),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases-config', 'rules'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <>
      <PageTitle
        title={t('rulesTitle')}
        intro={t('rulesIntro')}
        extra={
          <>
            <ShowInactive checked={showInactive} onChange={setShowInactive} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('ruleAdd')}
            </Button>
          </>
        }
      />
      {rules.error && <ErrorAlert error={rules.error} onRetry={() => rules.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 16, order: 1 }}>
          <Table<RoutingRule>
            rowKey="id"
            size="small"
            loading={rules.isLoading}
            dataSource={rules.data?.items ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            scroll={{ x: 720 }}
            data-testid="rules-table"
            columns={[
              {
                title: t('ruleCategory'),
                render: (_, r) =>
                  r.categoryName ? (
                    <>
                      {r.categoryName}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.categoryCode}
                      </Typography.Text>
                    </>
                  ) : (
                    <Tag>{t('ruleAnyCategory')}</Tag>
                  ),
              },
              { title: t('ruleArea'), render: (_, r) => r.areaName ?? (r.areaPrefix || t('ruleWholeCity')) },
              { title: t('ruleDepartment'), dataIndex: 'departmentName' },
              { title: t('ruleLevel'), width: 80, render: (_, r) => t(`level_${r.level}`) },
              { title: t('rulePriority'), dataIndex: 'priority', width: 70 },
              { title: t('ruleNote'), dataIndex: 'note', ellipsis: true },
              {
                title: t('actions'),
                width: 120,
                render: (_, r) => (
                  <ActiveRowActions
                    active={r.active}
                    onEdit={() => setEditing(r)}
                    onDeactivate={() => deactivate.mutate(r)}
                  />
                ),
              },
            ]}
          />
        </Col>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 8, order: 2 }}>
          <RouteTester />
        </Col>
      </Row>
      {editing && (
        <RuleModal
          rule={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) client.invalidateQueries({ queryKey: ['cases-config', 'rules'] });
          }}
        />
      )}
    </>
  );
}
