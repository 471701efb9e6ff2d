// The workflow actions as forms: one modal that asks exactly what the action's schema takes (reason where the
// workflow requires it, the departments for 派遣, photos for 处置反馈 and 核查, …), always sends the version the
// user saw, and turns a 409 version conflict into "工单已被他人更新" with a reload.
import { useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { type CaseDetail, casesApi, type Photo, toPhoto } from '../../api/cases';
import { ApiError } from '../../api/client';
import { useDepartments } from '../../api/queries';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { errorMessage } from '../../components/ErrorAlert';
import { fromCityWallTime } from '../../components/format';
import { useCaseText } from './labels';

/** Actions whose reason is required (workflow.ts needsReason and the request actions). */
const REASON_REQUIRED = new Set(['reject', 'park', 'reopen', 'requestReturn', 'requestSuspension', 'requestExtension']);
const NOTE_ACTIONS = new Set(['accept', 'register', 'close', 'unpark', 'resume', 'urge', 'supervise']);
const DECIDE = new Set(['decideReturn', 'decideExtension', 'decideSuspension']);
/** Actions done with one click (nothing to ask). */
export const ONE_CLICK = new Set(['sign']);

export function PhotoInput({ onChange }: { onChange: (photos: Photo[]) => void }) {
  const { t } = useCaseText();
  return (
    <input
      type="file"
      accept="image/jpeg,image/png,image/webp"
      multiple
      aria-label={t('attachPhotos')}
      data-testid="action-photos"
      onChange={async (e) =>
        onChange(
          await Promise.all(
            Array.from(e.target.files ?? [])
              .slice(0, 9)
              .map(toPhoto),
          ),
        )
      }
    />
  );
}

/** Is this error the optimistic-lock refusal? */
export const isConflict = (e: unknown) => e instanceof ApiError && e.code === 'CASE_VERSION_CONFLICT';

/** Invalidate everything a case action may have changed (lists, queues, the detail). */
export function useCaseRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['cases'] });
}

export function ActionModal({
  detail,
  action,
  onClose,
}: {
  detail: CaseDetail;
  action: string | null;
  onClose: () => void;
}) {
  const { t, label } = useCaseText();
  const { message } = App.useApp();
  const refresh = useCaseRefresh();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [busy, setBusy] = useState(false);
  const departments = useDepartments(action === 'dispatch');
  const approve = Form.useWatch('approve', form);
  const fixed = Form.useWatch('fixed', form);

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setPhotos([]);
    if (action === 'dispatch') form.setFieldsValue({ mainDepartmentId: detail.routing.departmentId ?? undefined });
    if (DECIDE.has(action)) form.setFieldsValue({ approve: true });
    if (action === 'verify') form.setFieldsValue({ fixed: true });
    if (action === 'revisit') form.setFieldsValue({ satisfaction: 'satisfied', solved: true, method: 'phone' });
  }, [action, detail.routing.departmentId, form]);

  if (!action) return null;

  const submit = async () => {
    const values = await form.validateFields();
    const body: Record<string, unknown> = { expectedVersion: detail.version };
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      // The picker edits a wall time: the new deadline the handler means is city time.
      body[k] = k === 'requestedDueAt' ? fromCityWallTime((v as Dayjs).format('YYYY-MM-DDTHH:mm:ss')) : v;
    }
    if ((action === 'submitResult' || action === 'verify') && photos.length) body.photos = photos;
    setBusy(true);
    try {
      if (action === 'merge') {
        await casesApi.merge(detail.id, Number(values.masterCaseId), values.reason);
      } else {
        await casesApi.action(detail.id, action, body);
      }
      message.success(t('actionDone', { a: label('action', action) }));
      onClose();
    } catch (e) {
      if (isConflict(e)) {
        message.warning(t('conflict'));
        onClose();
      } else message.error(errorMessage(e));
    } finally {
      setBusy(false);
      refresh();
    }
  };

  const reasonRequired =
    REASON_REQUIRED.has(action) ||
    (DECIDE.has(action) && approve === false) ||
    (action === 'verify' && fixed === false);

  return (
    <Modal
      open
      title={`${label('action', action)} · ${detail.caseNo}`}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'action-ok' } as Record<string, string>) }}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" size="middle" data-testid={`action-form-${action}`}>
        {action === 'dispatch' && (
          <>
            <Form.Item name="mainDepartmentId" label={t('mainDepartment')} rules={[{ required: true }]}>
              <DepartmentSelect data-testid="action-main-department" />
            </Form.Item>
            {detail.routing.reason && (
              <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
                {t('why')}: {detail.routing.reason}
              </Typography.Paragraph>
            )}
            <Form.Item name="coDepartmentIds" label={t('coDepartments')}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name} ${d.code}` }))}
              />
            </Form.Item>
            <Form.Item name="level" label={t('level')}>
              <Radio.Group
                optionType="button"
                options={['city', 'district', 'street'].map((l) => ({ value: l, label: label('level', l) }))}
              />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (
          <Form.Item name="masterCaseId" label={t('master')} rules={[{ required: true }]}>
            <Select
              options={detail.related.duplicates.map((d) => ({ value: d.id, label: `${d.caseNo} ${d.title}` }))}
            />
          </Form.Item>
        )}
        {action === 'answerDirectly' && (
          <Form.Item name="answer" label={t('answer')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} autoFocus />
          </Form.Item>
        )}
        {action === 'submitResult' && (
          <>
            <Form.Item name="result" label={t('result')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} autoFocus data-testid="action-result" />
            </Form.Item>
            <Form.Item label={t('photos')}>
              <PhotoInput onChange={setPhotos} />
            </Form.Item>
          </>
        )}
        {action === 'verify' && (
          <>
            <Form.Item name="fixed">
              <Radio.Group
                options={[
                  { value: true, label: t('fixed') },
                  { value: false, label: t('notFixed') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('photos')}>
              <PhotoInput onChange={setPhotos} />
            </Form.Item>
          </>
        )}
        {action === 'revisit' && (
          <>
            <Form.Item name="satisfaction" label={t('satisfaction')}>
              <Radio.Group
                optionType="button"
                options={['satisfied', 'basically', 'unsatisfied'].map((s) => ({ value: s, label: label('sat', s) }))}
              />
            </Form.Item>
            <Form.Item name="solved" valuePropName="checked">
              <Checkbox>{t('solved')}</Checkbox>
            </Form.Item>
            <Form.Item name="method" hidden>
              <Input />
            </Form.Item>
          </>
        )}
        {DECIDE.has(action) && (
          <Form.Item name="approve">
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: t('approve') },
                { value: false, label: t('refuse') },
              ]}
            />
          </Form.Item>
        )}
        {action === 'requestExtension' && (
          <Form.Item name="requestedDueAt" label={t('requestedDue')} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(reasonRequired || DECIDE.has(action) || action === 'verify' || action === 'merge') && (
          <Form.Item
            name="reason"
            label={t('reason')}
            rules={reasonRequired ? [{ required: true, whitespace: true }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} data-testid="action-reason" />
          </Form.Item>
        )}
        {(NOTE_ACTIONS.has(action) || action === 'dispatch' || action === 'revisit' || action === 'addNote') && (
          <Form.Item
            name="note"
            label={action === 'addNote' ? t('action_addNote') : t('note')}
            rules={action === 'addNote' ? [{ required: true, whitespace: true }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={action === 'addNote' ? 2000 : 1000} />
          </Form.Item>
        )}
        {action === 'sign' && <Typography.Paragraph>{t('sign')}？</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}

/** Acts on a case known only from a list row: reads its current version first (lists carry none). */
export async function actOnCase(id: number, action: string, body: Record<string, unknown> = {}) {
  const d = await casesApi.detail(id);
  return casesApi.action(id, action, { expectedVersion: d.version, ...body });
}
