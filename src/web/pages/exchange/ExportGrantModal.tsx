// 导出: a data steward downloads a grant's data with their session. The purpose is required (it goes into the
// access log with the user); the file is what the grant allows — granted fields, row filter, masking.
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { errorMessage } from '../../components/ErrorAlert';
import { type ExchangeGrant, type ExportFormat, exchangeApi } from './api';
import { useExchangeText } from './labels';

export function ExportGrantModal({
  grant,
  name,
  onClose,
}: {
  grant: ExchangeGrant | null;
  name: string;
  onClose: () => void;
}) {
  const { t, locale } = useExchangeText();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ purpose: string; format: ExportFormat }>();
  const download = useMutation({
    mutationFn: (v: { purpose: string; format: ExportFormat }) =>
      exchangeApi.exportGrant(grant!, v.format, v.purpose.trim(), locale),
    onSuccess: () => {
      message.success(t('exportDone'));
      onClose();
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  return (
    <Modal
      open={grant !== null}
      title={t('exportTitle', { name })}
      okText={t('exportStart')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: download.isPending, 'data-testid': 'export-ok' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('exportHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ format: 'csv' }}
        onFinish={(v) => download.mutate(v)}
      >
        <Form.Item
          name="purpose"
          label={t('exportPurpose')}
          rules={[{ required: true, whitespace: true, message: t('purposeRequired') }, { max: 200 }]}
        >
          <Input data-testid="export-purpose" maxLength={200} />
        </Form.Item>
        <Form.Item name="format" label={t('exportFormat')}>
          <Radio.Group
            data-testid="export-format"
            options={[
              { value: 'csv', label: t('exportCsv') },
              { value: 'ndjson', label: t('exportNdjson') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
