import { SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { type CitizenCase, type Track, citizenApi } from '../../../api/cases-public';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../components/ErrorAlert';
import { CaseProgress } from './CaseProgress';
import { useCitizenText } from './texts';

/** 查询进度: case number + last 4 phone digits, no account needed. */
export default function TrackPage() {
  const { t } = useCitizenText();
  const location = useLocation();
  // Coming from the confirmation page: the number and digits arrive in router state (not in the URL, which
  // would keep the phone digits in the browser history).
  const given = (location.state as Partial<Track> | null) ?? {};
  const [caseNo, setCaseNo] = useState(given.caseNo ?? '');
  const [last4, setLast4] = useState(given.phoneLast4 ?? '');
  const [shown, setShown] = useState<CitizenCase | null>(null);
  const [badDigits, setBadDigits] = useState(false);

  const track = useMutation({
    mutationFn: (input: Track) => citizenApi.track(input),
    onSuccess: setShown,
    onMutate: () => setShown(null),
  });

  const submit = () => {
    const ok = /^\d{4}$/.test(last4);
    setBadDigits(!ok);
    if (ok && caseNo.trim()) track.mutate({ caseNo: caseNo.trim(), phoneLast4: last4 });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: look up once when arriving with a number
  useEffect(() => {
    if (given.caseNo && given.phoneLast4 && /^\d{4}$/.test(given.phoneLast4)) submit();
  }, []);

  const key = { caseNo: caseNo.trim(), phoneLast4: last4 };
  const notFound = track.error instanceof ApiError && track.error.status === 404;

  return (
    <>
      <Typography.Title level={4} style={{ margin: '4px 0 2px' }}>
        {t('trackTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 10 }}>
        {t('trackIntro')}
      </Typography.Paragraph>
      <form
        className="oc-citizen-section"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="track-form"
      >
        <label className="oc-citizen-label" htmlFor="track-no">
          {t('caseNo')}
        </label>
        <Input
          id="track-no"
          size="large"
          placeholder={t('caseNoHint')}
          value={caseNo}
          maxLength={32}
          onChange={(e) => setCaseNo(e.target.value)}
          data-testid="track-case-input"
        />
        <label className="oc-citizen-label" htmlFor="track-last4" style={{ marginTop: 12 }}>
          {t('last4')}
        </label>
        <Input
          id="track-last4"
          size="large"
          inputMode="numeric"
          maxLength={4}
          value={last4}
          onChange={(e) => setLast4(e.target.value.replace(/\D/g, ''))}
          data-testid="track-last4"
          status={badDigits ? 'error' : undefined}
        />
        {badDigits && <Typography.Text type="danger">{t('last4Invalid')}</Typography.Text>}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          icon={<SearchOutlined />}
          loading={track.isPending}
          style={{ marginTop: 12, height: 48 }}
          data-testid="track-submit"
        >
          {t('query')}
        </Button>
      </form>
      {track.error && (
        <Alert
          type={notFound ? 'warning' : 'error'}
          showIcon
          title={notFound ? t('notFound') : errorMessage(track.error)}
          data-testid="track-error"
          style={{ marginBottom: 10 }}
        />
      )}
      {shown && (
        <CaseProgress
          data={shown}
          onRate={(r) => citizenApi.rateTracked({ ...key, ...r })}
          onReopen={(reason) => citizenApi.reopenTracked({ ...key, reason })}
          onChanged={setShown}
        />
      )}
    </>
  );
}
