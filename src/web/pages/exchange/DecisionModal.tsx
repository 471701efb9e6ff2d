// Approve or refuse a request: the data office's check or the provider's decision. A refusal needs a reason;
// the provider may narrow the grant with a row filter and allow clear values.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Flex, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/ErrorAlert';
import { type ExchangeRequest, exchangeApi } from './api';
import { useExchangeText } from './labels';

export interface Deciding {
  request: ExchangeRequest;
  as: 'office' | 'provider';
  approve: boolean;
}

export function DecisionModal({ deciding, onClose }: { deciding: Deciding | null; onClose: () => void }) {
  const { t } = useExchangeText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [approve, setApprove] = useState(true);
  const [reason, setReason] = useState('');
  const [clearValues, setClearValues] = useState(false);
  const [filterField, setFilterField] = useState<string | undefined>();
  const [filterValue, setFilterValue] = useState('');

  useEffect(() => {
    setApprove(deciding?.approve ?? true);
    setReason('');
    setClearValues(false);
    setFilterField(undefined);
    setFilterValue('');
  }, [deciding]);

  const decide = useMutation({
    mutationFn: () => {
      const r = deciding!.request;
      const body = {
        approve,
        reason: reason.trim() || undefined,
        ...(deciding!.as === 'provider' && approve
          ? {
              clearValues,
              rowFilter: filterField && filterValue.trim() ? { [filterField]: filterValue.trim() } : undefined,
            }
          : {}),
      };
      return deciding!.as === 'office' ? exchangeApi.officeCheck(r.id, body) : exchangeApi.decide(r.id, body);
    },
    onSuccess: () => {
      message.success(t('done'));
      queryClient.invalidateQueries({ queryKey: ['exchange'] });
      onClose();
    },
  });

  if (!deciding) return null;
  const r = deciding.request;
  return (
    <Modal
      open
      title={deciding.as === 'office' ? t('checkTitle', { id: r.id }) : t('decideTitle', { id: r.id })}
      okText={approve ? t('approve') : t('refuse')}
      okButtonProps={{ danger: !approve, disabled: !approve && !reason.trim(), 'data-testid': 'decision-ok' }}
      cancelText={t('cancel')}
      confirmLoading={decide.isPending}
      onCancel={onClose}
      onOk={() => decide.mutate()}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('fields')}：{r.fields.join('、')} · {t('purpose')}：{r.purpose}
        </Typography.Text>
        <Radio.Group value={approve} onChange={(e) => setApprove(e.target.value)} data-testid="decision-choice">
          <Radio value={true}>{t('approve')}</Radio>
          <Radio value={false} data-testid="decision-refuse">
            {t('refuse')}
          </Radio>
        </Radio.Group>
        <div>
          <Typography.Text>{t('reason')}</Typography.Text>
          <Input.TextArea
            rows={3}
            maxLength={1000}
            value={reason}
            data-testid="decision-reason"
            placeholder={approve ? '' : t('reasonRequired')}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        {deciding.as === 'provider' && approve && (
          <>
            <Checkbox
              checked={clearValues}
              onChange={(e) => setClearValues(e.target.checked)}
              data-testid="decision-clear"
            >
              {t('clearValues')}
            </Checkbox>
            <div>
              <Typography.Text>{t('rowFilter')}</Typography.Text>
              <Flex gap={8} wrap>
                <Select
                  allowClear
                  style={{ width: 200 }}
                  placeholder={t('rowFilterField')}
                  value={filterField}
                  onChange={setFilterField}
                  options={r.fields.map((f) => ({ value: f, label: f }))}
                />
                <Input
                  style={{ width: 200 }}
                  placeholder={t('rowFilterValue')}
                  value={filterValue}
                  disabled={!filterField}
                  onChange={(e) => setFilterValue(e.target.value)}
                />
              </Flex>
            </div>
          </>
        )}
        {decide.error && (
          <Alert type="error" showIcon data-testid="decision-error" title={errorMessage(decide.error)} />
        )}
      </Flex>
    </Modal>
  );
}
