import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Row, Select, Typography } from 'antd';
import { ROLE_NAMES } from '../../api/types';
import { AreaPicker } from '../../components/AreaPicker';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { useT } from '../../i18n/I18nProvider';

/**
 * The `grants` field of the user form: one row per role, each optionally limited to a department subtree
 * and/or an administrative area. `knownNames` names the departments the form starts with, in case the
 * editor cannot see them in its own tree.
 */
export function GrantsEditor({ knownNames = {} }: { knownNames?: { departments?: Record<string, string> } }) {
  const t = useT();
  const form = Form.useFormInstance();
  return (
    <Form.List
      name="grants"
      rules={[
        {
          validator: async (_, grants: unknown[] | undefined) => {
            if (!grants || grants.length === 0) throw new Error(t('user.grantsRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => {
            const departmentId = form.getFieldValue(['grants', field.name, 'departmentId']) as string | undefined;
            return (
              <div key={field.key} className="oc-grant-row" data-testid={`grant-row-${index}`}>
                <Row gutter={[8, 0]} align="top">
                  <Col xs={24} md={7}>
                    <Form.Item
                      name={[field.name, 'role']}
                      label={t('user.grantRole')}
                      rules={[{ required: true, message: t('common.required', { field: t('user.grantRole') }) }]}
                    >
                      <Select
                        data-testid={`grant-role-${index}`}
                        options={ROLE_NAMES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
                        showSearch={{ optionFilterProp: 'label' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'departmentId']} label={t('user.grantDept')}>
                      <DepartmentSelect
                        allowClear
                        data-testid={`grant-dept-${index}`}
                        fallbackLabel={departmentId ? knownNames.departments?.[departmentId] : undefined}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={7}>
                    <Form.Item name={[field.name, 'areaCode']} label={t('user.grantArea')}>
                      <AreaPicker data-testid={`grant-area-${index}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={2} style={{ paddingTop: 30, textAlign: 'right' }}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('user.removeGrant')}
                      title={t('user.removeGrant')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              </div>
            );
          })}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} data-testid="grant-add">
            {t('user.addGrant')}
          </Button>
          <Form.ErrorList errors={errors} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('user.grantsHelp')}
          </Typography.Paragraph>
        </>
      )}
    </Form.List>
  );
}
