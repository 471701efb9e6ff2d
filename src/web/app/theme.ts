import type { ThemeConfig } from 'antd';

// A restrained government back-office look: one deep blue, system fonts (nothing is fetched), compact radius.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1e5bb8',
    colorInfo: '#1e5bb8',
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px', siderBg: '#0f2744', bodyBg: '#f3f5f8' },
    Menu: { darkItemBg: '#0f2744', darkSubMenuItemBg: '#0b1f38', darkItemSelectedBg: '#1e5bb8' },
  },
};
