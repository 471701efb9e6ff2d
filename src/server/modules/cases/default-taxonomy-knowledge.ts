// Default knowledge-base entries (知识库), loaded by bootstrap.ts with the taxonomy when the knowledge base is
// empty: general answers that hold in any Chinese city. Each city replaces and extends them (the admin API);
// nothing here names a local office, address or phone number that could be wrong.
export interface DefaultKnowledge {
  /** The category code the answer belongs to (a 小类 or 大类), or null for general answers. */
  category: string | null;
  question: string;
  answer: string;
  keywords: string;
}

export const DEFAULT_KNOWLEDGE: DefaultKnowledge[] = [
  {
    category: null,
    question: '12345热线受理哪些事项？',
    answer:
      '12345政务服务便民热线受理企业和群众对经济调节、市场监管、社会管理、公共服务、生态环境保护等方面的咨询、求助、投诉、举报和意见建议。' +
      '涉及突发事件和紧急情况请拨打110、119、120、122等紧急热线；依法应当通过诉讼、仲裁、纪检监察、行政复议、信访等途径解决的事项，热线将告知相应渠道。',
    keywords: '受理范围 12345 能管什么 紧急 110',
  },
  {
    category: null,
    question: '工单办理进度怎么查询？',
    answer:
      '您可以凭工单编号和来电手机号码后四位在网站或移动端“办件查询”中查看办理进度，也可以再次拨打12345报工单编号查询。办结后我们会进行回访，请对办理结果进行评价。',
    keywords: '进度 查询 工单编号 办到哪了',
  },
  {
    category: null,
    question: '可以匿名反映问题吗？',
    answer:
      '大部分城市管理问题（如垃圾、井盖、占道经营）可以匿名反映。涉及个人权益的诉求（如欠薪、劳动关系、社会救助）需要留下真实姓名和联系方式，以便承办单位核实和回复；您的个人信息将依法保密。',
    keywords: '匿名 保密 个人信息',
  },
  {
    category: 'RX-06-01',
    question: '被拖欠工资怎么办？',
    answer:
      '请您保留劳动合同、考勤记录、工资条、转账记录、聊天记录等证据。热线将把诉求转交人力资源社会保障部门（劳动保障监察）核查处理；也可以依法申请劳动争议仲裁。请提供用人单位全称、地址、拖欠时段、金额和涉及人数。',
    keywords: '欠薪 讨薪 工资 劳动监察 仲裁',
  },
  {
    category: 'RX-06-03',
    question: '养老金领取资格认证怎么办理？',
    answer:
      '领取养老金的人员需按规定定期进行领取资格认证，一般可通过人社部门官方App、国家社会保险公共服务平台等线上渠道刷脸认证，也可到社区或社保经办窗口办理。行动不便的可联系社区上门服务。',
    keywords: '资格认证 养老金 刷脸 生存认证',
  },
  {
    category: 'RX-10-01',
    question: '身份证丢失了怎么补办？',
    answer:
      '居民身份证丢失后可到户籍所在地或居住地的公安机关户政窗口申请补领（跨省异地办理已全面实施），需本人到场采集照片和指纹。补领期间急需证明身份的，可申请办理临时居民身份证。',
    keywords: '身份证 补办 丢失 临时身份证',
  },
  {
    category: 'RX-07-01',
    question: '孩子入学需要准备哪些材料？',
    answer:
      '义务教育阶段入学一般需要户口簿、房产证明或租赁备案证明、监护人居住证等材料，具体以当年教育部门发布的招生政策和学区划分为准。请关注教育部门官方网站或公众号发布的招生公告，按时在线报名。',
    keywords: '入学 报名 学区 材料 招生政策',
  },
  {
    category: 'RX-11-01',
    question: '家里突然停水了怎么办？',
    answer:
      '请先确认是否为计划停水（供水企业会提前在小区公告栏、官方网站或公众号发布）。如非计划停水，或整栋楼、片区停水，热线将转交供水企业抢修，请提供详细地址和停水范围；单户停水请先检查表前阀门和是否欠费。',
    keywords: '停水 没水 抢修 计划停水',
  },
  {
    category: 'SJ-04-04',
    question: '闻到燃气味怎么办？',
    answer:
      '请立即关闭燃气总阀，打开门窗通风，不要开关电器、不要使用明火和手机，迅速撤离到室外安全地点后再拨打燃气企业抢修电话或119。热线同时转交燃气企业处置。',
    keywords: '燃气 煤气 泄漏 味道 抢修',
  },
  {
    category: 'RX-03-02',
    question: '预付卡商家跑路怎么维权？',
    answer:
      '请保留购卡合同、付款凭证、卡片和消费记录，尽快向市场监管部门投诉，涉嫌诈骗的可向公安机关报案，也可以依法向人民法院起诉。请提供商家全称、地址、购卡金额和剩余金额。',
    keywords: '预付卡 跑路 退款 办卡 健身房',
  },
  {
    category: 'BJ-01',
    question: '马路上的井盖缺失或破损应该找谁？',
    answer:
      '井盖缺失、破损关系行人和车辆安全，热线将按井盖权属（供水、排水、电力、通信、燃气等）转交责任单位紧急处置。请说明具体位置（道路名称和参照物），有条件的请提供照片；现场请注意设置警示、远离危险。',
    keywords: '井盖 缺失 破损 窨井 权属',
  },
  {
    category: 'SJ-05-04',
    question: '小区门口或人行道上有车乱停怎么办？',
    answer:
      '道路上（含人行道）的违法停车由公安交警部门依法处理，小区内部的停车秩序由物业服务企业管理。请提供具体位置和车牌号码，热线将按位置转交相应单位。',
    keywords: '乱停车 违停 堵门 人行道 车牌',
  },
];
