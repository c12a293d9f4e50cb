// Narratives: complaint templates that agencies fill in (near-duplicates by design), and free-form
// complaints, incident and case descriptions composed from many fragments (so that they do not look
// templated). A tiny compiled template language keeps the hot path to string concatenation:
// `{slot}` is filled from a context, `{a|b|c}` picks one alternative at fill time.
import type { Rng } from '../random.js';

type Part = string | { slot: string } | { alt: readonly string[] };
export type Compiled = readonly Part[];
export type Slots = Readonly<Record<string, string>>;

export function compile(text: string): Compiled {
  const parts: Part[] = [];
  const re = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const body = m[1]!;
    parts.push(body.includes('|') ? { alt: body.split('|') } : { slot: body });
    last = re.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function fill(parts: Compiled, slots: Slots, rng: Rng): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('slot' in part) out += slots[part.slot] ?? '';
    else out += part.alt[Math.floor(rng.fast() * part.alt.length)]!;
  }
  return out;
}

// Agency complaint templates, five per agency category (debt_evasion, credit_repair, illegal_agency).
// Slots: name, idn (ID number), date, amount, inst, phone.
const TEMPLATE_TEXT: ReadonlyArray<readonly [category: string, text: string]> = [
  ['debt_evasion', '本人{name}，身份证号{idn}，于{date}在{inst}办理信用贷款{amount}元。因疫情和失业导致收入锐减，目前确实无力按期还款。贵机构委托的第三方催收人员多次爆通讯录、恐吓家人，严重侵犯本人合法权益。现申请停息挂账，减免全部罚息和违约金，按本金分六十期还款，请监管部门督促处理。'],
  ['debt_evasion', '投诉{inst}违规收取高额利息和服务费。我于{date}借款{amount}元，综合年化利率远超法律规定的上限，属于变相高利贷。要求该机构退还超出部分利息，重新核算欠款本金，并停止一切催收行为；如不处理，我将向人民银行、金融监管总局和媒体持续反映，直至问题解决。联系电话{phone}。'],
  ['debt_evasion', '我叫{name}，是{inst}的借款人，{date}以来家庭遭遇重大变故，个人名下负债{amount}元已无力偿还。该机构在未核实情况下上门催收并骚扰单位同事，给我造成极大的精神压力。依据相关规定，我申请个性化分期还款协商，暂停计息，免除逾期费用，并要求该机构出具书面还款方案。'],
  ['debt_evasion', '关于{inst}暴力催收的投诉：{date}起，催收人员每天拨打我电话数十次，冒充律师和法院工作人员，威胁要起诉并上征信黑名单，欠款金额{amount}元。本人并非恶意拖欠，只是暂时困难，请求协商延期还款，停止罚息，并对其违规催收行为进行查处。本人电话{phone}，请与我联系。'],
  ['debt_evasion', '尊敬的领导：本人{name}在{inst}有一笔{amount}元的贷款，{date}开始逾期。由于收入不稳定，每月仅能承担少量还款。本人多次致电客服要求减免息费均被拒绝，客服态度恶劣。现正式提出：一、停止计算罚息复利；二、本金分期偿还；三、不得联系本人家人及通讯录好友。望监管部门主持公道。'],
  ['credit_repair', '本人{name}，身份证号{idn}。{date}查询个人征信报告时发现{inst}上报了逾期记录，金额{amount}元。该笔逾期系因银行未及时通知还款日变更所致，本人并无主观过错。根据征信业管理条例，现提出征信异议，要求该机构在二十日内删除不良记录并书面答复，否则将申请行政复议。'],
  ['credit_repair', '投诉{inst}错误报送征信信息。本人于{date}已经结清全部欠款{amount}元，但征信报告仍显示为逾期状态，导致房贷审批被拒，造成严重经济损失。要求该机构立即更正征信记录，出具非恶意逾期证明，并赔偿由此造成的一切损失。联系电话{phone}。'],
  ['credit_repair', '我是{name}，{date}因疫情隔离未能按时还款，{inst}随即将逾期信息报送人民银行征信中心，欠款{amount}元。按照国家关于疫情期间征信保护的政策，该类逾期不应报送。请监管部门责令其消除本人不良征信记录，恢复信用，并对其违规报送行为予以处罚。'],
  ['credit_repair', '关于{inst}侵害消费者征信权益的投诉：{date}本人在不知情的情况下被该机构查询征信多达数次，且未经授权报送了{amount}元的逾期记录。本人要求：一、提供授权查询的书面证据；二、撤销全部不实记录；三、公开赔礼道歉。请尽快处理，本人保留诉讼权利。'],
  ['credit_repair', '本人{name}名下在{inst}的信用卡于{date}出现逾期，欠款{amount}元已于次月全部还清。由于该逾期记录，本人的工作政审受到影响。特申请征信修复，请求删除该条逾期记录，并由该机构出具情况说明。此事已委托专业机构协助办理，望尽快答复。电话{phone}。'],
  ['illegal_agency', '本人{name}于{date}在{inst}购买了一份保险，保费{amount}元。投保时销售人员夸大收益、隐瞒免责条款，未履行如实告知义务，且回访电话系他人代答。本人认为属于销售误导，现要求全额退还已交保费及利息，否则将向金融监管总局继续投诉。联系电话{phone}。'],
  ['illegal_agency', '投诉{inst}理财产品销售违规：{date}客户经理向本人推荐一款理财产品，承诺保本保收益，本人投入{amount}元，现出现亏损。该行未进行风险测评，也没有双录，违反适当性管理规定。要求全额赔偿本金及损失，并对相关销售人员追责问责。'],
  ['illegal_agency', '本人{name}，身份证号{idn}，{date}在{inst}办理业务时被搭售保险和会员服务，共扣费{amount}元，事先没有任何告知，也未签署任何确认文件。该行为严重侵犯消费者知情权和自主选择权，要求立即退还全部扣费，否则本人将依法向有关部门举报。'],
  ['illegal_agency', '关于{inst}的维权申请：本人于{date}办理了分期业务，合同金额{amount}元，实际到手金额远低于合同金额，且被收取了砍头息和高额手续费。本人现委托代理人全权处理本次维权事宜，要求退还全部违规费用，请与代理人联系，电话{phone}。'],
  ['illegal_agency', '我在{inst}的贷款于{date}放款{amount}元，被强制购买了意外险和账户安全险。根据监管规定，金融机构不得捆绑搭售，本人要求退保并全额退还保费，同时要求该机构书面说明捆绑销售的原因。如七日内不予处理，将向人民银行和消保部门升级投诉。'],
];

export interface Template {
  id: string;
  category: string;
  parts: Compiled;
}

export const TEMPLATES: readonly Template[] = TEMPLATE_TEXT.map(([category, text], i) => ({
  id: `T${String(i + 1).padStart(2, '0')}`,
  category,
  parts: compile(text),
}));

const EDIT_CHARS = [...'的了也就还再又都很并且啊呢吧'];

/** A filled template with 0–2 small edits (a character inserted or deleted), as agencies produce. */
export function templatedNarrative(template: Template, slots: Slots, rng: Rng): string {
  let text = fill(template.parts, slots, rng);
  const edits = Math.floor(rng.fast() * 3);
  for (let e = 0; e < edits; e++) {
    const at = 1 + Math.floor(rng.fast() * (text.length - 2));
    text = rng.fast() < 0.5 ? text.slice(0, at) + rng.choice(EDIT_CHARS) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  }
  return text;
}

// Free-form complaints: an opening, one or two problems (generic or by category), what the
// consumer did about it, and a demand, with optional personal details. Many alternatives per slot.
const OPENINGS = [
  '{date}，我在{inst}{act}。',
  '本人是{inst}的{老客户|持卡人|借款人|投保人|用户}，{date}{act}。',
  '{date}前后，我通过{手机银行|微信小程序|官方APP|网点柜台|客户经理}在{inst}{act}。',
  '我母亲今年{age}岁，{date}在{inst}网点{act}。',
  '{date}我{act}，办理机构是{inst}。',
  '事情是这样的：{date}我在{inst}{act}，当时{工作人员|客户经理|销售}说{没有任何费用|随时可以取消|收益很稳定|利率很低}。',
  '{inst}的问题我已经反映过{n}次了。{date}我{act}。',
  '我和爱人{date}在{inst}{act}，',
  '你好，我想反映{inst}的问题。{date}{act}。',
  '{date}在{city}出差期间，我用{inst}的{账户|信用卡|借记卡}{支付了一笔费用|取了现金|转了一笔账}。',
  '家里老人{date}在{inst}{act}，一直是我在帮忙打理。',
  '我于{date}在{inst}{act}，合同期{n}年。',
];
const ACTS = [
  '办理了一张信用卡', '申请了一笔消费贷款', '开通了手机银行', '购买了一款理财产品', '办理了车贷分期', '投保了一份重疾险',
  '开通了免密支付', '办理了储蓄卡', '申请了装修贷', '办理了账单分期', '购买了一份年金险', '申请了提前还款', '办理了房贷转按揭',
  '存了一笔定期存款', '办理了ETC联名卡',
];
const GENERIC_PROBLEMS = [
  '最近发现账户被多扣了{small}元，客服说是{年费|服务费|短信费|账户管理费}。',
  '每月还款后账单金额仍然对不上，差了{small}元左右。',
  '到期后{本金|收益|退款}一直没有到账，已经拖了{n}周。',
  '合同里写的利率和{宣传|口头承诺|短信通知}的完全不一样。',
  '我从来没有授权过这笔{扣款|转账|查询}，不知道怎么回事。',
  '申请{注销|退款|解约}时被要求先缴纳{small}元的手续费。',
  '手机银行里的记录显示{date2}有一笔陌生交易，金额{small}元。',
  '工作人员在我不知情的情况下帮我开通了{增值服务|会员|保险}。',
  '提前还款还要收违约金，{当初|办理时}根本没人告诉我。',
  '额度突然被降低，导致我{无法正常消费|分期失败|被收取超限费}。',
  '账户被冻结了{n}天，没有任何通知。',
  '卡片{被盗刷|被复制|莫名挂失}，损失了{small}元。',
  '{利息|手续费|滞纳金}算法不透明，我要求看明细也不给。',
  '{贷款|分期}审批通过后又被取消，原因说不清楚。',
  '赎回时发现产品{净值|收益率}和宣传差距很大。',
  '转账显示成功但对方一直没有收到，{n}天了还在查。',
];
const CATEGORY_PROBLEMS: Readonly<Record<string, readonly string[]>> = {
  debt_evasion: [
    '催收人员{每天|经常|半夜}打电话给我{家人|同事|朋友}，影响很坏。',
    '逾期了{n}天就开始{爆通讯录|上门催收|发律师函}，太过分了。',
    '有人加我微信说可以帮我{停息挂账|债务优化|减免利息}，要先交费，我没理。',
    '催收短信里说要{起诉我|上门|通知单位}，我想确认是否合规。',
  ],
  credit_repair: [
    '查征信发现有一条{不是我办的|早已结清的|金额不对的}记录。',
    '有中介说花{small}元可以{洗白征信|删除逾期记录}，不知道真假。',
    '征信上多了{n}次查询记录，我没有授权过。',
    '因为征信问题{房贷|车贷|信用卡}被拒，希望核实。',
  ],
  illegal_agency: [
    '保险销售当时说{随时能退|保本|收益很高}，现在退保只能退一部分。',
    '有自称{律师|维权专员|客服}的人联系我说可以帮我全额退保。',
    '理财经理推荐的产品亏损了{small}元，当时没有做风险评估。',
    '被搭售了{意外险|会员服务|账户安全险}，一年扣费{small}元。',
  ],
  false_litigation: [
    '收到法院传票说我欠款{small}元，但我从来没借过这笔钱。',
    '对方拿着伪造的借条起诉我，要求还款{small}元。',
  ],
  money_laundering: [
    '我的{银行卡|账户}突然被冻结，说涉嫌{电诈资金|异常交易}。',
    '有人高价{收购|租用}银行卡，我怀疑是{跑分|洗钱}。',
    '账户里进来一笔陌生转账{small}元，随后被要求转出。',
  ],
  info_theft: [
    '我刚办完业务就接到{推销|诈骗|贷款}电话，对方知道我的详细信息。',
    '怀疑{inst}泄露了我的个人信息，最近骚扰电话特别多。',
    '有人用我的身份信息{注册了账户|申请了贷款|办理了手机卡}。',
  ],
  fraud_other: [
    '接到自称{客服|公检法|银行工作人员}的电话，被骗转账{small}元。',
    '在网上{刷单|投资|买东西}被骗了{small}元，银行卡是{inst}的。',
    '收到{中奖|退款|理赔}短信，点链接后卡里少了{small}元。',
  ],
};
const ACTIONS = [
  '打了{n}次客服电话都没有解决。',
  '网点工作人员让我回去等通知，已经等了{n}周。',
  '客服一直说在核实，没有任何进展。',
  '我在APP上提交了{n}次工单，都是自动回复。',
  '找过{客户经理|大堂经理|网点负责人}，对方态度很差。',
  '机构答应{n}个工作日内回复，到现在也没有消息。',
  '已经写过书面{申请|说明|投诉信}，没有回音。',
  '客服让我自己{去网点|找商户|联系第三方}处理，互相推诿。',
  '',
];
const DEMANDS = [
  '希望尽快退还{多收的费用|全部款项|扣款}。',
  '请监管部门帮忙核实处理。',
  '要求机构给出书面解释。',
  '希望{依法|尽快}处理，维护消费者权益。',
  '请求{赔偿损失|恢复额度|撤销记录|解冻账户}。',
  '希望能协商一个合理的解决方案。',
  '麻烦尽快回复，谢谢。',
  '如果处理不了我只能{起诉|找媒体|继续投诉}了。',
];
const CONTEXTS = [
  '我是一名{外卖骑手|中学教师|个体户|退休职工|公司职员|自由职业者|在校研究生|货车司机}，',
  '本人{常年在外地打工|刚参加工作不久|家里有两个孩子要养|身体不太好|平时很少用手机银行}，',
  '先说明一下情况，',
  '我想反映一个困扰我很久的问题，',
];
const CLOSINGS = ['以上情况属实。', '谢谢你们。', '相关截图和录音我都保留着。', '希望引起重视。', '盼复。'];
const DETAILS = [
  '我的联系电话是{phone}。',
  '联系方式：{phone}，白天都能接。',
  '我的身份证号是{idn}。',
  '涉及的卡号是{card}。',
  '扣款的卡号{card}，请查。',
  '对方用的号码是{otherphone}。',
];

const compiledList = (list: readonly string[]) => list.map(compile);
const C_OPENINGS = compiledList(OPENINGS);
const C_ACTS = ACTS;
const C_GENERIC = compiledList(GENERIC_PROBLEMS);
const C_CATEGORY: Readonly<Record<string, Compiled[]>> = Object.fromEntries(
  Object.entries(CATEGORY_PROBLEMS).map(([k, v]) => [k, compiledList(v)]),
);
const C_ACTIONS = compiledList(ACTIONS);
const C_DEMANDS = compiledList(DEMANDS);
const C_DETAILS = compiledList(DETAILS);
const C_CONTEXTS = compiledList(CONTEXTS);

export const MIN_NARRATIVE = 80;
export const MAX_NARRATIVE = 240;

/** Pads with further sentences up to the minimum and cuts at the maximum length. */
function fit(text: string, more: () => string): string {
  let out = text;
  while (out.length < MIN_NARRATIVE) out += more();
  return out.length > MAX_NARRATIVE ? `${out.slice(0, MAX_NARRATIVE - 1)}。` : out;
}

/** A free-form complaint. `slots` needs date, inst, n, small, age, city, date2, phone, idn, card, otherphone. */
export function freeComplaint(category: string, slots: Record<string, string>, rng: Rng, mention?: string): string {
  const s = slots;
  s.act = rng.choice(C_ACTS);
  let text = rng.fast() < 0.6 ? fill(rng.choice(C_CONTEXTS), s, rng) : '';
  text += fill(rng.choice(C_OPENINGS), s, rng);
  const own = C_CATEGORY[category];
  const first = own && rng.fast() < 0.65 ? rng.choice(own) : rng.choice(C_GENERIC);
  text += fill(first, s, rng);
  if (mention) text += mention;
  text += fill(rng.choice(C_GENERIC), s, rng);
  if (rng.fast() < 0.7) text += fill(rng.choice(own && rng.fast() < 0.5 ? own : C_GENERIC), s, rng);
  text += fill(rng.choice(C_ACTIONS), s, rng);
  if (rng.fast() < 0.5) text += fill(rng.choice(C_ACTIONS), s, rng);
  text += fill(rng.choice(C_DEMANDS), s, rng);
  if (rng.fast() < 0.5) text += fill(rng.choice(C_DETAILS), s, rng);
  if (rng.fast() < 0.5) text += rng.choice(CLOSINGS);
  return fit(text, () => fill(rng.choice(C_GENERIC), s, rng));
}

// Incident reports (monitoring, institutions' reports) and enforcement case summaries, by category.
const INCIDENT_OPENINGS = [
  '{source}发现{who}{activity}。',
  '经{source}，{who}涉嫌{activity}。',
  '{date}，{source}监测到{who}{activity}。',
  '根据{inst}报送线索，{who}{activity}。',
];
const INCIDENT_ACTIVITY: Readonly<Record<string, readonly string[]>> = {
  debt_evasion: ['通过短视频平台招揽负债人，承诺{停息挂账|债务优化|减免息费}', '组织借款人集中投诉以要挟机构减免债务', '提供反催收教程并收取会员费', '冒充借款人与机构协商还款并截留还款资金'],
  credit_repair: ['以{征信修复|征信洗白|逾期记录删除}为名收取高额服务费', '批量代理征信异议申请并伪造证明材料', '宣称有内部渠道可以修改征信记录'],
  illegal_agency: ['以{全额退保|代理维权|代理投诉}为名招揽客户并收取{20%|30%|40%}佣金', '教唆消费者编造理由进行投诉和退保', '批量提交内容雷同的投诉材料'],
  false_litigation: ['伪造借条和转账记录提起虚假诉讼', '与债务人串通虚构债务以逃避执行', '利用虚假诉讼转移财产'],
  money_laundering: ['组织大量银行卡进行{跑分|资金拆分|快进快出}交易', '通过地下钱庄进行非法跨境资金兑换', '收购出租银行卡和支付账户为上游转移资金', '利用多个空壳商户走账'],
  info_theft: ['非法获取并出售客户{身份信息|征信信息|贷款信息}', '通过木马程序窃取手机银行信息', '在境外平台兜售公民个人信息数据包'],
  fraud_other: ['冒充金融机构客服实施诈骗', '以低息贷款为诱饵骗取保证金', '以虚假投资理财平台骗取资金'],
};
const INCIDENT_DETAILS = [
  '涉及{inst}客户约{n}人，单笔金额在{small}元左右。',
  '资金主要流向{n}个账户，交易时间集中在夜间。',
  '相关线索已移交属地{公安机关|监管部门}。',
  '其宣传材料在多个{社交平台|短视频平台|论坛}传播。',
  '已对涉及账户采取{限制非柜面交易|止付|风险提示}措施。',
  '该团伙使用多个{手机号|银行卡|空壳公司}规避监测。',
  '部分受害人反映对方使用号码{otherphone}联系。',
];
const CASE_OPENINGS = [
  '{authority}{date}立案侦办一起{catname}案，',
  '{authority}依法查处{who}{catname}问题，',
  '{date}，{authority}对{who}涉嫌{catname}立案调查，',
  '{authority}会同相关部门开展专项行动，破获{catname}案件一起，',
];
const CASE_BODIES = [
  '抓获犯罪嫌疑人{arrested}名，打掉团伙{gangs}个，涉案金额约{wan}万元。',
  '查明该团伙{activity}，涉案金额{wan}万元，{arrested}人被采取强制措施。',
  '冻结涉案账户{n}个，涉案资金{wan}万元。',
  '经查，{who}{activity}，累计涉案{wan}万元。',
];
const CASE_TAILS = [
  '案件正在进一步侦办中。',
  '相关责任人已被依法追究责任。',
  '该案已移送检察机关审查起诉。',
  '监管部门已对涉事机构作出行政处罚。',
  '提醒广大消费者警惕{停息挂账|征信修复|代理退保|高价收卡}等骗局。',
  '',
];

const C_INC_OPEN = compiledList(INCIDENT_OPENINGS);
const C_INC_ACT: Readonly<Record<string, Compiled[]>> = Object.fromEntries(
  Object.entries(INCIDENT_ACTIVITY).map(([k, v]) => [k, compiledList(v)]),
);
const C_INC_DETAIL = compiledList(INCIDENT_DETAILS);
const C_CASE_OPEN = compiledList(CASE_OPENINGS);
const C_CASE_BODY = compiledList(CASE_BODIES);
const C_CASE_TAIL = compiledList(CASE_TAILS);
const INCIDENT_SOURCES = ['交易监测系统', '舆情监测', '机构风控部门', '反诈平台', '客户举报', '网络巡查'];

/** An incident description. `slots` needs who, date, inst, n, small, otherphone. */
export function incidentNarrative(category: string, slots: Record<string, string>, rng: Rng): string {
  const s = slots;
  s.source = rng.choice(INCIDENT_SOURCES);
  s.activity = fill(rng.choice(C_INC_ACT[category]!), s, rng);
  let text = fill(rng.choice(C_INC_OPEN), s, rng);
  text += fill(rng.choice(C_INC_DETAIL), s, rng);
  if (rng.fast() < 0.6) text += fill(rng.choice(C_INC_DETAIL), s, rng);
  return fit(text, () => fill(rng.choice(C_INC_DETAIL), s, rng));
}

/** An enforcement case summary. `slots` needs authority, date, who, catname, arrested, gangs, wan, n. */
export function caseNarrative(category: string, slots: Record<string, string>, rng: Rng): string {
  const s = slots;
  s.activity = fill(rng.choice(C_INC_ACT[category]!), s, rng);
  let text = fill(rng.choice(C_CASE_OPEN), s, rng);
  text += fill(rng.choice(C_CASE_BODY), s, rng);
  text += fill(rng.choice(C_CASE_TAIL), s, rng);
  return fit(text, () => fill(rng.choice(C_CASE_BODY), s, rng));
}
