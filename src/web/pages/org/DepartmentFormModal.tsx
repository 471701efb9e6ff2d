import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { ApiError } from '../../api/client';
import { orgApi } from '../../api/org';
import { queryKeys } from '../../api/queries';
import { DEPARTMENT_KINDS, type Department, type DepartmentKind } from '../../api/types';
import { AreaPicker } from '../../components/AreaPicker';
import { departmentLabel } from '../../components/departmentTree';
import { errorMessage } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/I18nProvider';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  kind: DepartmentKind;
  areaCode?: string;
}

export type DepartmentFormMode = { kind: 'create'; parent: Department } | { kind: 'edit'; department: Department };

/** Creates a sub-department under `parent`, or edits an existing department's names, kind and area. */
export function DepartmentFormModal({
  mode,
  onClose,
  onSaved,
}: {
  mode: DepartmentFormMode;
  onClose: () => void;
  onSaved: (department: Department) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const editing = mode.kind === 'edit' ? mode.department : null;

  const save = useMutation({
    mutationFn: (values: Values) => {
      const nameEn = values.nameEn?.trim() || undefined;
      if (editing) {
        return orgApi.updateDepartment(editing.id, {
          name: values.name.trim(),
          nameEn,
          kind: values.kind,
          areaCode: values.areaCode ?? null,
          version: editing.version,
        });
      }
      return orgApi.createDepartment({
        code: values.code.trim(),
        name: values.name.trim(),
        nameEn,
        parentId: (mode as { parent: Department }).parent.id,
        kind: values.kind,
        areaCode: values.areaCode || undefined,
      });
    },
    onSuccess: async (department) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.departments });
      onSaved(department);
    },
    onError: (error) => {
      // Someone else saved first: reload so the next attempt starts from their version.
      if (error instanceof ApiError && error.status === 409) {
        queryClient.invalidateQueries({ queryKey: queryKeys.departments });
      }
    },
  });

  const title = editing
    ? t('dept.editTitle')
    : t('dept.createTitle', { parent: departmentLabel((mode as { parent: Department }).parent, locale) });

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'dept-form-submit' } as Record<string, string>}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={
          editing
            ? {
                code: editing.code,
                name: editing.name,
                nameEn: editing.nameEn ?? undefined,
                kind: editing.kind,
                areaCode: editing.areaCode ?? undefined,
              }
            : { kind: 'section' }
        }
      >
        <Form.Item
          name="code"
          label={t('dept.code')}
          extra={editing ? undefined : t('dept.codeHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('dept.code') }) },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, message: t('dept.codeHelp') },
          ]}
        >
          <Input disabled={!!editing} maxLength={40} data-testid="dept-form-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('dept.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('dept.name') }) }]}
        >
          <Input maxLength={100} data-testid="dept-form-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('dept.nameEn')}>
          <Input maxLength={200} data-testid="dept-form-name-en" />
        </Form.Item>
        <Form.Item name="kind" label={t('dept.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="dept-form-kind"
            options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`dept.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="areaCode" label={t('dept.areaCode')}>
          <AreaPicker data-testid="dept-form-area" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
