// What the routing-rule and knowledge tables share: the 显示已停用 switch, and the actions of a row that can be
// edited and deactivated while active (an inactive one shows 已停用).
import { Button, Switch, Tag } from 'antd';
import { useConfigText } from './texts';

export function ShowInactive({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  const { t } = useConfigText();
  return (
    <span>
      {t('ruleShowInactive')} <Switch size="small" checked={checked} onChange={onChange} />
    </span>
  );
}

export function ActiveRowActions({
  active,
  onEdit,
  onDeactivate,
}: {
  active: boolean;
  onEdit: () => void;
  onDeactivate: () => void;
}) {
  const { t } = useConfigText();
  if (!active) return <Tag>{t('inactive')}</Tag>;
  return (
    <>
      <Button type="link" size="small" onClick={onEdit}>
        {t('edit')}
      </Button>
      <Button type="link" size="small" danger onClick={onDeactivate}>
        {t('deactivate')}
      </Button>
    </>
  );
}
