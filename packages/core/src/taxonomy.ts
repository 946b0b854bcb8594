/**
 * The code values of GLOSSARY.md with their Simplified Chinese and English labels.
 * Code values are part of the API contract; categories and tags are also seeded as data
 * (commission admins may add more), so the lists here are the seed, not a closed set.
 */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

function labels<const T extends Record<string, Label>>(table: T): T {
  return Object.freeze(table);
}

export const STATUS_LABELS = labels({
  new: { zh: '待分派', en: 'New' },
  assigned: { zh: '待受理', en: 'Assigned' },
  acknowledged: { zh: '处理中', en: 'Acknowledged' },
  awaiting_consumer: { zh: '待消费者补充', en: 'Awaiting consumer' },
  proposed: { zh: '待消费者确认', en: 'Proposal sent' },
  settled: { zh: '已和解', en: 'Settled' },
  escalated: { zh: '已转调解', en: 'Escalated' },
  referred: { zh: '已移交', en: 'Referred' },
  closed: { zh: '已办结', en: 'Closed' },
  withdrawn: { zh: '已撤诉', en: 'Withdrawn' },
});
export type Status = keyof typeof STATUS_LABELS;
export const STATUSES = Object.keys(STATUS_LABELS) as [Status, ...Status[]];

export const ROLE_LABELS = labels({
  merchant_agent: { zh: '企业客服', en: 'Merchant agent' },
  merchant_admin: { zh: '企业管理员', en: 'Merchant admin' },
  station_operator: { zh: '联络站工作人员', en: 'Station operator' },
  commission_staff: { zh: '消保委工作人员', en: 'Commission staff' },
  commission_admin: { zh: '消保委管理员', en: 'Commission admin' },
});
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];

/** How a complaint reached the commission. */
export const CHANNEL_LABELS = labels({
  hotline: { zh: '热线电话', en: 'Hotline' },
  online: { zh: '网上投诉', en: 'Online' },
  platform_12315: { zh: '全国12315平台', en: '12315 platform' },
  station: { zh: '联络站', en: 'Liaison station' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  letter: { zh: '来信', en: 'Letter' },
  transfer: { zh: '部门转办', en: 'Transferred' },
});
export type Channel = keyof typeof CHANNEL_LABELS;
export const CHANNELS = Object.keys(CHANNEL_LABELS) as [Channel, ...Channel[]];

export const OUTCOME_LABELS = labels({
  refund: { zh: '退款', en: 'Refund' },
  exchange: { zh: '换货', en: 'Exchange' },
  repair: { zh: '维修', en: 'Repair' },
  compensation: { zh: '赔偿', en: 'Compensation' },
  apology: { zh: '赔礼道歉', en: 'Apology' },
  explanation: { zh: '解释说明', en: 'Explanation' },
  other: { zh: '其他', en: 'Other' },
});
export type Outcome = keyof typeof OUTCOME_LABELS;
export const OUTCOMES = Object.keys(OUTCOME_LABELS) as [Outcome, ...Outcome[]];

/** Where a settlement was reached. 先行和解 is `merchant_first`. */
export const SETTLEMENT_CHANNEL_LABELS = labels({
  merchant_first: { zh: '企业先行和解', en: 'Merchant first settlement' },
  station: { zh: '联络站现场和解', en: 'Settled at a station' },
  mediation: { zh: '消保委调解', en: 'Commission mediation' },
  people_mediation: { zh: '人民调解', en: "People's mediation" },
});
export type SettlementChannel = keyof typeof SETTLEMENT_CHANNEL_LABELS;
export const SETTLEMENT_CHANNELS = Object.keys(SETTLEMENT_CHANNEL_LABELS) as [
  SettlementChannel,
  ...SettlementChannel[],
];

export const REFERRAL_LABELS = labels({
  people_mediation: { zh: '人民调解', en: "People's mediation" },
  litigation: { zh: '诉讼(诉调对接)', en: 'Litigation' },
  regulator: { zh: '行政执法', en: 'Regulator' },
});
export type Referral = keyof typeof REFERRAL_LABELS;
export const REFERRALS = Object.keys(REFERRAL_LABELS) as [Referral, ...Referral[]];

/** The seed of the category table: what a complaint is about. */
export const CATEGORY_LABELS = labels({
  home_appliances: { zh: '家用电器', en: 'Home appliances' },
  appliance_repair: { zh: '家电维修', en: 'Appliance repair' },
  online_shopping: { zh: '网络购物', en: 'Online shopping' },
  food: { zh: '食品', en: 'Food' },
  fresh_food: { zh: '生鲜食品', en: 'Fresh food' },
  catering: { zh: '餐饮服务', en: 'Catering' },
  clothing: { zh: '服装鞋帽', en: 'Clothing and shoes' },
  automobile: { zh: '汽车及配件', en: 'Cars and parts' },
  ev_charging: { zh: '充电服务', en: 'EV charging' },
  telecom: { zh: '通信服务', en: 'Telecom' },
  education_training: { zh: '教育培训', en: 'Education and training' },
  fitness_beauty: { zh: '健身美容', en: 'Fitness and beauty' },
  membership: { zh: '会员与预付卡', en: 'Memberships and prepaid cards' },
  travel_hotel: { zh: '旅游住宿', en: 'Travel and hotels' },
  entertainment: { zh: '文化娱乐', en: 'Culture and entertainment' },
  logistics: { zh: '快递物流', en: 'Delivery' },
  home_decoration: { zh: '房屋装修', en: 'Home renovation' },
  medical_aesthetics: { zh: '医疗美容', en: 'Medical aesthetics' },
  finance_insurance: { zh: '金融保险', en: 'Finance and insurance' },
  online_games: { zh: '网络游戏', en: 'Online games' },
  other: { zh: '其他', en: 'Other' },
});

/** The seed of the tag table: the hot topics the commission watches. */
export const TAG_LABELS = labels({
  live_streaming: { zh: '直播带货', en: 'Live-streaming sales' },
  mini_program: { zh: '小程序营销', en: 'Mini-program marketing' },
  bnpl: { zh: '先用后付', en: 'Buy now, pay later' },
  minors: { zh: '未成年人消费', en: "Minors' spending" },
  membership: { zh: '会员营销', en: 'Membership marketing' },
  prepaid: { zh: '预付式消费', en: 'Prepaid consumption' },
  cross_border: { zh: '跨境电商', en: 'Cross-border e-commerce' },
  after_sales: { zh: '售后服务', en: 'After-sales service' },
  installation_repair: { zh: '安装维修', en: 'Installation and repair' },
  ev_charging: { zh: '充电桩超占费', en: 'EV charging over-occupancy fee' },
  immersive_entertainment: { zh: '沉浸式娱乐', en: 'Immersive entertainment' },
  false_advertising: { zh: '虚假宣传', en: 'False advertising' },
  personal_information: { zh: '个人信息保护', en: 'Personal information' },
  elderly: { zh: '老年人消费', en: 'Elderly consumers' },
});
