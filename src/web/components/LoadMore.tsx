import { Button, Flex, Typography } from 'antd';
import { useT } from '../i18n/I18nProvider';

/** Keyset paging footer: how many rows are shown and a button for the next page while there is one. */
export function LoadMore({
  count,
  hasMore,
  loading,
  onLoadMore,
}: {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const t = useT();
  if (count === 0) return null;
  return (
    <Flex justify="center" align="center" gap={12} style={{ padding: '12px 0' }}>
      <Typography.Text type="secondary">
        {hasMore ? t('common.shown', { count }) : t('common.noMore', { count })}
      </Typography.Text>
      {hasMore && (
        <Button data-testid="load-more" onClick={onLoadMore} loading={loading}>
          {t('common.loadMore')}
        </Button>
      )}
    </Flex>
  );
}
