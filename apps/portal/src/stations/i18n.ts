/**
 * The liaison station's on-site settlements page, in Simplified Chinese and English. Plain data with no imports: `web/i18n.ts`
 * composes every feature's words into the one dictionary behind `t()`.
 */
export const zh = {
  'station.title': '现场和解登记',
  'station.form': '登记一次现场和解',
  'station.merchant': '督办联网企业',
  'station.merchantOther': '未在列表中的企业名称',
  'station.merchantHint': '从列表中选择企业；不在列表中的，请填写企业名称和统一社会信用代码（如知道）。',
  'station.creditCode': '统一社会信用代码',
  'station.summary': '纠纷与和解情况',
  'station.consumerAccepted': '消费者同意此和解',
  'station.submit': '登记',
  'station.list': '本站和解记录',
  'station.export': '导出 CSV',
  'station.empty': '本站还没有和解记录。',
  'station.recordedAt': '登记时间',
  'station.channel': '和解渠道',
  'flash.stationLogged': '已登记现场和解。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'On-site settlements',
  'station.form': 'Log an on-site settlement',
  'station.merchant': 'Networked merchant',
  'station.merchantOther': 'Name of a merchant not in the list',
  'station.merchantHint':
    'Pick the merchant from the list; for one that is not there, type its name and its unified social credit code if known.',
  'station.creditCode': 'Unified social credit code',
  'station.summary': 'What happened and what was agreed',
  'station.consumerAccepted': 'The consumer agreed to this settlement',
  'station.submit': 'Log the settlement',
  'station.list': "This station's settlements",
  'station.export': 'Export CSV',
  'station.empty': 'No settlements logged at this station yet.',
  'station.recordedAt': 'Logged',
  'station.channel': 'Channel',
  'flash.stationLogged': 'The on-site settlement was logged.',
};
