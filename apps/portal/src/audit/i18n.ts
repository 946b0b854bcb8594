/**
 * The audit pages (phone reveals, reads of the consumer's files), in Simplified Chinese and
 * English. Plain data with no imports: `web/i18n.ts` composes every feature's words into the one
 * dictionary behind `t()`.
 */
export const zh = {
  'audit.title': '号码查看记录',
  'audit.intro': '每次查看消费者完整手机号都会记录在此（个人信息保护）：谁、何时、哪件投诉。',
  'audit.none': '还没有查看记录。',
  'audit.when': '时间',
  'audit.who': '查看人',
  'audit.complaint': '投诉',
  'audit.client': 'API 客户端',
  'audit.system': '系统',
  'audit.files.title': '文件查看记录',
  'audit.files.intro':
    '除消费者本人外，每次打开消费者上传的文件（下载或缩略图）都会记录在此（个人信息保护）：谁、何时、哪件投诉、哪个文件。',
  'audit.files.none': '还没有文件查看记录。',
  'audit.files.file': '文件',
  'audit.files.erased': '文件已按保留期限删除',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'audit.title': 'Phone reveals',
  'audit.intro':
    'Every read of a consumer’s full phone number is recorded here (personal information protection): who, when, which complaint.',
  'audit.none': 'No reads recorded yet.',
  'audit.when': 'When',
  'audit.who': 'Who',
  'audit.complaint': 'Complaint',
  'audit.client': 'API client',
  'audit.system': 'System',
  'audit.files.title': 'File reads',
  'audit.files.intro':
    'Every time someone other than the consumer opens a file the consumer attached (a download or a thumbnail), it is recorded here (personal information protection): who, when, which complaint, which file.',
  'audit.files.none': 'No file reads recorded yet.',
  'audit.files.file': 'File',
  'audit.files.erased': 'File erased at the end of its retention period',
};
