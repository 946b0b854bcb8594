/**
 * The sign-in page, in Simplified Chinese and English. Plain data with no imports: `web/i18n.ts`
 * composes every feature's words into the one dictionary behind `t()`.
 */
export const zh = {
  'login.title': '登录',
  'login.intro': '供督办联网企业、消费维权联络站和消保委工作人员使用。消费者请使用短信中的链接，无需登录。',
  'login.email': '邮箱',
  'login.password': '密码',
  'login.submit': '登录',
  'login.error.credentials': '邮箱或密码不正确，请重新输入。',
  'login.error.wait': '登录失败次数过多，请稍候几分钟再试。',
  'login.error.missing': '请填写邮箱和密码。',
  'flash.signedOut': '您已退出登录。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'login.title': 'Sign in',
  'login.intro':
    'For networked merchants, liaison stations and commission staff. Consumers use the link in their text message and need no account.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.error.credentials': 'Wrong email or password. Please try again.',
  'login.error.wait': 'Too many failed sign-ins. Please wait a few minutes and try again.',
  'login.error.missing': 'Enter your email and password.',
  'flash.signedOut': 'You have signed out.',
};
