import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Divider, Form, Input, Modal, Row, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { orgApi } from '../../api/org';
import { queryKeys } from '../../api/queries';
import type { GrantInput, RoleName, User } from '../../api/types';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { errorMessage } from '../../components/ErrorAlert';
import { useT } from '../../i18n/I18nProvider';
import { GrantsEditor } from './GrantsEditor';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  departmentId: number;
  phone?: string;
  email?: string;
  grants: { role: RoleName; departmentId?: number; areaCode?: string }[];
}

/** Masked values (138****5678) come from the server for display; they are never sent back. */
const isMasked = (value: string | null | undefined) => !!value && value.includes('*');

function cleanGrants(grants: Values['grants']): GrantInput[] {
  return grants.map((g) => ({
    role: g.role,
    departmentId: g.departmentId || null,
    areaCode: g.areaCode || null,
  }));
}

export function UserFormModal({
  user,
  onClose,
  onSaved,
}: {
  /** The user to edit; undefined to create one. */
  user?: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();

  const save = useMutation({
    mutationFn: (v: Values) => {
      const phone = v.phone?.trim() || undefined;
      const email = v.email?.trim() || undefined;
      if (user) {
        return orgApi.updateUser(user.id, {
          displayName: v.displayName.trim(),
          departmentId: v.departmentId,
          ...(phone !== undefined ? { phone } : {}),
          ...(email !== undefined ? { email } : {}),
          grants: cleanGrants(v.grants),
          version: user.version,
        });
      }
      return orgApi.createUser({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password!,
        departmentId: v.departmentId,
        phone,
        email,
        grants: cleanGrants(v.grants).map((g) => ({
          role: g.role,
          ...(g.departmentId ? { departmentId: g.departmentId } : {}),
          ...(g.areaCode ? { areaCode: g.areaCode } : {}),
        })),
      });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      onSaved(saved);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409)
        queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });

  const knownNames = {
    departments: Object.fromEntries(
      (user?.grants ?? []).filter((g) => g.departmentId).map((g) => [g.departmentId!, g.departmentName ?? '']),
    ),
  };
  if (user?.departmentId && user.departmentName) knownNames.departments[user.departmentId] = user.departmentName;

  const initialValues: Partial<Values> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        departmentId: user.departmentId ?? undefined,
        phone: isMasked(user.phone) ? undefined : (user.phone ?? undefined),
        email: isMasked(user.email) ? undefined : (user.email ?? undefined),
        grants: user.grants.map((g) => ({
          role: g.role,
          departmentId: g.departmentId ?? undefined,
          areaCode: g.areaCode ?? undefined,
        })),
      }
    : { grants: [{ role: undefined as unknown as RoleName }] };

  return (
    <Modal
      open
      width={760}
      title={user ? t('user.editTitle', { name: user.displayName }) : t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'user-form-submit' } as Record<string, string>}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', overflowX: 'hidden' } }}
    >
      {save.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(save.error)}
          data-testid="user-form-error"
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('user.username')}
              extra={user ? undefined : t('user.usernameHelp')}
              rules={[
                { required: true, whitespace: true, message: t('common.required', { field: t('user.username') }) },
                { pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: t('user.usernameHelp') },
              ]}
            >
              <Input disabled={!!user} autoComplete="off" maxLength={64} data-testid="user-form-username" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('user.displayName')}
              rules={[
                { required: true, whitespace: true, message: t('common.required', { field: t('user.displayName') }) },
              ]}
            >
              <Input maxLength={100} data-testid="user-form-display-name" />
            </Form.Item>
          </Col>
          {!user && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="password"
                label={t('user.password')}
                extra={t('user.passwordHelp')}
                rules={[{ required: true, message: t('common.required', { field: t('user.password') }) }]}
              >
                <Input.Password autoComplete="new-password" data-testid="user-form-password" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item
              name="departmentId"
              label={t('user.department')}
              rules={[{ required: true, message: t('common.required', { field: t('user.department') }) }]}
            >
              <DepartmentSelect data-testid="user-form-department" fallbackLabel={user?.departmentName} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('user.phone')}>
              <Input
                inputMode="tel"
                maxLength={20}
                placeholder={isMasked(user?.phone) ? (user?.phone ?? undefined) : undefined}
                data-testid="user-form-phone"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
              <Input
                inputMode="email"
                maxLength={200}
                placeholder={isMasked(user?.email) ? (user?.email ?? undefined) : undefined}
                data-testid="user-form-email"
              />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          <Typography.Text strong>{t('user.grants')}</Typography.Text>
        </Divider>
        <GrantsEditor knownNames={knownNames} />
      </Form>
    </Modal>
  );
}
