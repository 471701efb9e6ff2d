import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { orgApi } from '../../api/org';
import type { User } from '../../api/types';
import { errorMessage } from '../../components/ErrorAlert';
import { useT } from '../../i18n/I18nProvider';

export function ResetPasswordModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => orgApi.resetPassword(user.id, password),
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={t('user.resetTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      {reset.error && <Alert type="error" showIcon title={errorMessage(reset.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v.password)}>
        <Form.Item
          name="password"
          label={t('user.newPassword')}
          extra={t('user.passwordHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('user.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
