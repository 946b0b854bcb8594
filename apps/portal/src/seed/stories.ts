/**
 * Complaint stories for the demo world, per category and hot topic, in the words consumers use.
 * Each is a subject, a description, a claim in fen, and the hot-topic tags it belongs to.
 */
export interface Story {
  category: string;
  tags: string[];
  subject: string;
  description: string;
  claimFen: number;
}

export const STORIES: Story[] = [
  {
    category: 'appliance_repair',
    tags: ['after_sales', 'installation_repair'],
    subject: '空调安装后漏水，商家拒绝上门维修',
    description:
      '七月购买的空调安装一个月后室内机漏水，多次联系客服均称需另付上门费。要求免费维修并赔偿地板损失。',
    claimFen: 80000,
  },
  {
    category: 'appliance_repair',
    tags: ['installation_repair'],
    subject: '维修师傅虚报故障，更换配件收费过高',
    description: '洗衣机不脱水，上门师傅称主板损坏收费680元，事后查询同型号主板市场价不足200元。',
    claimFen: 48000,
  },
  {
    category: 'home_appliances',
    tags: ['after_sales'],
    subject: '新买冰箱一周不制冷，要求退货被拒',
    description: '在门店购买的双开门冰箱使用一周后冷藏室不制冷，商家只同意维修不同意退换。',
    claimFen: 429900,
  },
  {
    category: 'home_appliances',
    tags: ['false_advertising'],
    subject: '宣传一级能效实为三级',
    description: '购买时宣传页标注一级能效，到货后能效标识为三级，要求按宣传退差价。',
    claimFen: 50000,
  },
  {
    category: 'online_shopping',
    tags: ['live_streaming', 'false_advertising'],
    subject: '直播间购买的羊绒大衣含量不符',
    description: '主播宣称100%羊绒，收到后吊牌标注羊绒含量30%，商家以直播口误为由拒绝退款。',
    claimFen: 129900,
  },
  {
    category: 'online_shopping',
    tags: ['live_streaming'],
    subject: '直播抢购的手机迟迟不发货',
    description: '直播间秒杀下单后超过15天未发货，客服一直称缺货，要求退款并按承诺赔付。',
    claimFen: 259900,
  },
  {
    category: 'online_shopping',
    tags: ['mini_program', 'personal_information'],
    subject: '小程序下单后个人信息被泄露',
    description: '在某小程序购物后频繁接到推销电话，对方能准确说出订单信息。',
    claimFen: 0,
  },
  {
    category: 'online_shopping',
    tags: ['bnpl'],
    subject: '“先用后付”被默认开通并自动扣款',
    description: '下单时未注意到默认勾选先用后付，商品退回后仍被扣款199元。',
    claimFen: 19900,
  },
  {
    category: 'online_shopping',
    tags: ['cross_border'],
    subject: '跨境电商购买的奶粉疑似假货',
    description: '跨境平台购买的进口奶粉罐身批号与官网查询不符，商家拒绝提供报关单据。',
    claimFen: 156000,
  },
  {
    category: 'online_games',
    tags: ['minors'],
    subject: '未成年孩子游戏充值三千余元要求退还',
    description: '10岁孩子使用家长手机在游戏内充值3280元，家长发现后申请退款被拒。',
    claimFen: 328000,
  },
  {
    category: 'online_games',
    tags: ['minors', 'mini_program'],
    subject: '小程序游戏诱导未成年人充值',
    description: '孩子在小程序游戏中连续购买礼包，平台未进行任何身份验证。',
    claimFen: 64800,
  },
  {
    category: 'ev_charging',
    tags: ['ev_charging'],
    subject: '充电桩收取超占费标准不明',
    description: '充电完成后被收取超时占位费86元，现场无任何收费标识，APP也未提醒。',
    claimFen: 8600,
  },
  {
    category: 'ev_charging',
    tags: ['ev_charging'],
    subject: '充电未成功仍被扣费',
    description: '充电枪故障未能充电，APP显示订单已完成并扣费45元。',
    claimFen: 4500,
  },
  {
    category: 'membership',
    tags: ['prepaid', 'membership'],
    subject: '健身房闭店，预付会员卡无法退费',
    description: '办理两年会员卡共4800元，使用三个月后门店突然闭店，要求退还剩余费用。',
    claimFen: 420000,
  },
  {
    category: 'fitness_beauty',
    tags: ['prepaid'],
    subject: '美容院推销疗程卡后拒绝退款',
    description: '体验时被推销办理9800元疗程卡，做了两次后要求退剩余款项被拒。',
    claimFen: 784000,
  },
  {
    category: 'education_training',
    tags: ['prepaid', 'minors'],
    subject: '少儿培训机构停课不退费',
    description: '为孩子报名的编程课预付一年学费，机构停课三个月未恢复，也不退费。',
    claimFen: 1200000,
  },
  {
    category: 'catering',
    tags: ['prepaid'],
    subject: '餐厅储值卡余额不予使用',
    description: '餐厅更换经营者后拒绝使用原储值卡余额2000元。',
    claimFen: 200000,
  },
  {
    category: 'food',
    tags: [],
    subject: '超市购买的牛奶已过保质期',
    description: '在超市购买的鲜牛奶回家发现已过期两天，要求按食品安全法十倍赔偿。',
    claimFen: 100000,
  },
  {
    category: 'fresh_food',
    tags: ['mini_program'],
    subject: '生鲜小程序配送的海鲜变质',
    description: '通过生鲜小程序购买的大闸蟹到货时多只死亡发臭，客服只同意退一半。',
    claimFen: 39800,
  },
  {
    category: 'automobile',
    tags: ['after_sales'],
    subject: '新车交付后发现补漆痕迹',
    description: '提车三天后发现右前门有明显补漆痕迹，4S店否认是维修车。',
    claimFen: 2000000,
  },
  {
    category: 'telecom',
    tags: ['elderly'],
    subject: '老人被办理不需要的高价套餐',
    description: '营业厅工作人员以免费升级为名为七十岁老人办理了199元月套餐。',
    claimFen: 59700,
  },
  {
    category: 'travel_hotel',
    tags: ['false_advertising'],
    subject: '酒店实际房型与预订不符',
    description: '预订海景房，入住时被安排无窗房间，酒店拒绝退差价。',
    claimFen: 68000,
  },
  {
    category: 'entertainment',
    tags: ['immersive_entertainment', 'minors'],
    subject: '沉浸式剧本杀项目存在安全隐患',
    description: '带孩子参加沉浸式剧场，场地昏暗导致孩子摔伤，商家拒绝承担医药费。',
    claimFen: 150000,
  },
  {
    category: 'logistics',
    tags: [],
    subject: '快递丢失只按运费赔偿',
    description: '寄送的笔记本电脑丢失，快递公司只同意按运费三倍赔偿。',
    claimFen: 650000,
  },
  {
    category: 'home_decoration',
    tags: ['after_sales'],
    subject: '装修工程延期且质量不合格',
    description: '合同约定60天完工，实际延期40天，卫生间防水不合格导致楼下渗水。',
    claimFen: 3000000,
  },
  {
    category: 'medical_aesthetics',
    tags: ['false_advertising'],
    subject: '医美项目效果与宣传严重不符',
    description: '宣传“一次见效”的祛斑项目做完三次无明显效果，且出现色素沉着。',
    claimFen: 1680000,
  },
  {
    category: 'clothing',
    tags: ['live_streaming'],
    subject: '直播购买的运动鞋开胶',
    description: '直播间购买的运动鞋穿了两周鞋底开胶，商家称人为损坏。',
    claimFen: 59900,
  },
  {
    category: 'finance_insurance',
    tags: ['elderly'],
    subject: '理财产品被当作存款推销给老人',
    description: '银行工作人员向七旬老人推销理财产品时称“和存款一样保本”，到期出现亏损。',
    claimFen: 5000000,
  },
];

export const NAMES = [
  '张先生',
  '李女士',
  '王先生',
  '刘女士',
  '陈先生',
  '杨女士',
  '赵先生',
  '黄女士',
  '周先生',
  '吴女士',
  '徐先生',
  '孙女士',
  '马先生',
  '朱女士',
  '胡先生',
  '郭女士',
];
export const CHANNELS_WEIGHTED = [
  'hotline',
  'hotline',
  'online',
  'online',
  'platform_12315',
  'platform_12315',
  'walk_in',
  'letter',
  'transfer',
] as const;
