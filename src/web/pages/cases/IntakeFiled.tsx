// What the agent sees once the call is filed: the case number big with copy (read back to the caller), where it
// was routed and why, and Enter for the next call.
import { Button, Result, Typography } from 'antd';
import { Link } from 'react-router';
import type { CreatedCase } from '../../api/cases';
import { useCaseText } from './labels';

export interface IntakeOutcome {
  created: CreatedCase;
  /** What happened after filing (merged, answered directly), when something did. */
  note?: string;
  /** How many photos went with the case. */
  photos: number;
}

export function IntakeFiled({ outcome, onNext }: { outcome: IntakeOutcome; onNext: () => void }) {
  const { t } = useCaseText();
  return (
    <div className="oc-page">
      <Result
        status="success"
        title={outcome.note ?? t('filed')}
        subTitle={
          <>
            <Typography.Paragraph
              copyable={{ text: outcome.created.caseNo }}
              className="oc-mono"
              style={{ fontSize: 36, fontWeight: 600, color: '#0f2744', margin: '12px 0' }}
              data-testid="intake-case-no"
            >
              {outcome.created.caseNo}
            </Typography.Paragraph>
            {outcome.created.routing.reason && (
              <Typography.Paragraph type="secondary" data-testid="intake-routing">
                {t('routedTo')}: {outcome.created.routing.reason}
              </Typography.Paragraph>
            )}
            {outcome.photos > 0 && (
              <Typography.Paragraph type="secondary" data-testid="intake-photos-filed">
                {t('photosFiled', { n: outcome.photos })}
              </Typography.Paragraph>
            )}
          </>
        }
        extra={[
          <Button key="next" type="primary" size="large" autoFocus onClick={onNext} data-testid="intake-next">
            {t('nextCall')} (Enter)
          </Button>,
          <Link key="open" to={`/cases/${outcome.created.id}`}>
            <Button size="large">{t('openCase')}</Button>
          </Link>,
        ]}
      />
    </div>
  );
}
