import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/I18nProvider';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Button
      data-testid="lang-switch"
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
      style={dark ? { color: 'rgba(255,255,255,0.85)' } : undefined}
    >
      {t('lang.switch')}
    </Button>
  );
}
