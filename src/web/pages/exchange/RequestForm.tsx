// The access request form (共享申请), opened from a published resource: the fields wanted (its 信息项, personal
// ones marked), purpose, legal basis, period and the consuming system.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Flex, Form, Input, InputNumber, Modal, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { Resource } from '../../api/catalog';
import { errorMessage } from '../../components/ErrorAlert';
import { type RequestInput, exchangeApi } from './api';
import { useExchangeText } from './labels';

export function RequestForm({ resource, open, onClose }: { resource: Resource; open: boolean; onClose: () => void }) {
  const { t } = useExchangeText();
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestInput>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (values: RequestInput) => exchangeApi.create({ ...values, resourceCode: resource.code }),
    onSuccess: () => {
      message.success(t('submitted'));
      queryClient.invalidateQueries({ queryKey: ['exchange'] });
      onClose();
      navigate('/exchange/requests');
    },
  });
  const kind = resource.shareType === 'unconditional' ? t('kindUnconditional') : t('kindConditional');
  return (
    <Modal
      open={open}
      title={t('requestTitle', { name: resource.name })}
      okText={t('submit')}
      cancelText={t('cancel')}
      okButtonProps={{ 'data-testid': 'request-submit' }}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('requestIntro', { kind })}</Typography.Paragraph>
      {resource.shareConditions && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={resource.shareConditions} />
      )}
      {create.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="request-error"
          title={errorMessage(create.error)}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ periodDays: 365, fields: [] }}
        onFinish={(values) => create.mutate(values)}
        data-testid="request-form"
      >
        <Form.Item name="fields" label={t('fields')} rules={[{ required: true, message: t('fieldsRequired') }]}>
          <Checkbox.Group data-testid="request-fields">
            <Flex vertical gap={4}>
              {resource.items.map((it) => (
                <Checkbox key={it.name} value={it.name}>
                  {it.name}
                  {it.personalInfo !== 'none' && (
                    <Tag color={it.personalInfo === 'sensitive' ? 'red' : 'orange'} style={{ marginLeft: 6 }}>
                      {it.personalInfo === 'sensitive' ? t('sensitive') : t('personal')}
                    </Tag>
                  )}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('purpose')}
          rules={[{ required: true, whitespace: true, message: t('purposeRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="request-purpose" />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t('legalBasis')}
          rules={[{ required: true, whitespace: true, message: t('basisRequired') }]}
        >
          <Input maxLength={500} data-testid="request-basis" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="consumerSystem"
            label={t('consumerSystem')}
            style={{ flex: '1 1 240px' }}
            rules={[{ required: true, whitespace: true, message: t('systemRequired') }]}
          >
            <Input maxLength={200} data-testid="request-system" />
          </Form.Item>
          <Form.Item name="periodDays" label={t('periodDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1095} data-testid="request-period" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
