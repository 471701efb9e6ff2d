// The words of the synthetic history (demo-history-gen.ts): reporters' names and phone numbers, and what they
// said about which matter where. Synthetic: any likeness to a real person or number is chance.
import type { Channel } from './tables.ts';
import type { HistoryCategory } from './demo-history-gen.ts';

export type Rng = () => number;

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲建国文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';

export function personName(r: Rng): string {
  const given = r() < 0.6 ? pick(r, [...GIVEN]) + pick(r, [...GIVEN]) : pick(r, [...GIVEN]);
  return pick(r, [...SURNAMES]) + given;
}

export function mobile(r: Rng): string {
  const prefix = pick(r, [
    '139',
    '138',
    '137',
    '136',
    '135',
    '150',
    '151',
    '152',
    '158',
    '159',
    '187',
    '188',
    '130',
    '131',
    '132',
    '155',
    '156',
    '186',
    '133',
    '153',
    '180',
    '181',
    '189',
    '177',
    '199',
  ]);
  let s = prefix;
  for (let i = 0; i < 8; i++) s += Math.floor(r() * 10);
  return s;
}

const PLACES_NEAR = [
  '小区门口',
  '路口',
  '公交站旁',
  '菜市场附近',
  '学校门口',
  '十字路口东侧',
  '人行道上',
  '河边步道',
  '停车场内',
  '商铺前',
];
const DETAIL: Record<HistoryCategory['kind'], readonly string[]> = {
  component: [
    '已损坏多日，存在安全隐患',
    '晚上经过很危险，请尽快修复',
    '有老人差点绊倒',
    '缺失后用树枝临时遮挡',
    '松动，车辆经过有响声',
  ],
  event: ['影响居民出行', '已持续一周左右，无人处理', '气味很大，夏天尤其严重', '早晚高峰特别严重', '多次反映未见改善'],
  hotline: [
    '希望有关部门尽快核实处理',
    '想咨询具体办理流程和所需材料',
    '请相关部门给予答复',
    '已经联系过物业但没有结果',
    '建议加强管理',
  ],
};

export function describe(
  r: Rng,
  c: HistoryCategory,
  address: string,
  channel: Channel,
): { title: string; description: string } {
  const near = pick(r, PLACES_NEAR);
  const detail = pick(r, DETAIL[c.kind]);
  const lead =
    channel === 'grid'
      ? '网格员巡查发现：'
      : channel === 'phone'
        ? '市民来电反映：'
        : channel === 'open311' || channel === 'app'
          ? '市民通过APP反映：'
          : '市民反映：';
  return {
    title: `${address}${c.name}`,
    description: `${lead}${address}${near}${c.name}问题，${detail}。`,
  };
}
