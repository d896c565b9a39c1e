import type { CueKind, SeverityLevel } from './severity-types.js';

/**
 * The cue lexicons, as data. Patterns run over text folded by `normalizeText` (NFKC, lower case,
 * "。" → "."), so they are written in lower case with half-width punctuation.
 *
 * Order matters: entries are tried top to bottom and a later match may not overlap an earlier
 * one. That is how "不是所有人" wins over "所有人", "一个人都登不上" over "一个人", "能不能增加"
 * over "能不能", and "不急" over "急". Keep negated and longer forms above their plain forms.
 */
export interface LexiconEntry {
  kind: CueKind;
  /** A stable label; the classifier and the model key on it. */
  signal: string;
  towards: SeverityLevel[];
  patterns: RegExp[];
  /**
   * When a negator ("不是", "没有", "not") stands right before the match in the same clause, the
   * cue means the opposite: e.g. "没有宕机" is evidence against an outage, not for it.
   */
  negated?: CueMeaning & { negators?: RegExp };
  /**
   * For outage words: the nearest noun decides whether the whole system or one function is
   * affected ("系统打不开" vs "凭证打不开"); `system` and `none` say what the cue means when the
   * noun is the system or when there is none. `adjacentOnly`: only a noun right before the word
   * counts ("系统异常" is about the system, "系统提示凭证异常" is not). See `cue-extractor.ts`.
   */
  subjects?: { system: CueMeaning; none: CueMeaning; adjacentOnly?: boolean };
}

export interface CueMeaning {
  signal: string;
  towards: SeverityLevel[];
}

/**
 * Words that make the subject of an outage the whole system rather than one function. Not
 * "全部/所有": "附件全部打不开" is about attachments.
 */
export const systemNouns =
  /生产环境|正式环境|正式库|测试环境|系统|erp|\boa\b|服务器|server|数据库|database|\bdb\b|平台|金蝶|星空|k3|k\/3|wise|\beas\b|ekp|苍穹|蓝凌|网站|门户|云之家|账套|帐套|整个|主机|后台|中间件|服务端|网络|内网|外网|vpn|站点|\bsite\b|system|portal|website|\bweb\b|网页|域名|cloud|云平台|云端|环境|应用服务|集群|sql ?server|oracle|mysql|nginx|tomcat|\biis\b|\bmes\b|\bwms\b|\bhr系统|s-hr|shr|kingdee|landray|\bpos\b|收银机|收银系统|机房|主界面|主页面|首页|主页|登录界面|登录页|登陆页|erp系统|办公系统/g;

/**
 * Business functions. `core` ones are what the vendor calls 核心功能: breaking one of them for
 * everybody is level 2 even when the rest of the system works.
 */
export const coreFunctionNouns =
  /总账|凭证|凭正|过账|记账|做账|结账|(过|记|结|做|关)(不了|不上|不掉|不下去)账|月结|年结|期末|关账|结转|出库|入库|出入库|库存|仓存|存货|盘点|调拨|生产订单|生产任务|生产(?!环境)|工单|报工|领料|投料|完工|mrp|mps|bom|物料|工资|薪资|算薪|薪酬|发薪|社保|个税|审批|审核|流程|待办|工作流|发货|收货|收款|付款|支付|网银|银企|出纳|报销|费用|采购|销售|订单|开单|开票|发票|税务|纳税|报税|应收|应付|往来|核算|成本|固定资产|折旧|合并报表|报表|考勤|排班|人事|入职|合同|公文|签章|电子签|收银|物流|配送|结算|对账|预算|资金|票据|客户档案|单据|模块|财务模块|对接|接口|集成|ledger|voucher|posting|journal|invoice|invoicing|payroll|salary|salaries|approval|workflow|inventory|warehouse|stock|shipping|shipment|delivery|purchase order|sales order|production order|work order|month-end|month end|closing|period close|payment|receipt|expense|reimbursement|financial report|\bbank|\bmodule/g;

/** Functions at the edge of the business: broken ones rarely stop anybody's work. */
export const peripheralFunctionNouns =
  /打印|套打|导出|导入|excel|界面|显示|字体|图标|颜色|头像|消息提醒|通知|提醒|搜索|查询|筛选|排序|列宽|附件|预览|皮肤|主题|布局|快捷键|菜单|按钮|下拉|弹窗|提示语|logo|水印|签名档|知识库|会议室|日程|print|printing|export|layout|font|icon|notification|search|filter|attachment|preview|dashboard/g;

/** Devices and accounts of one person: an outage of these is one person's problem. */
export const personalNouns =
  /我的?电脑|我电脑|我这台|本机|我的?[^,.!?;]{0,4}客户端|my [a-z0-9]+ client|浏览器|我的?账号|我的?帐号|我的?手机|笔记本|my (computer|pc|laptop|account|phone|browser|client)|browser/g;

/**
 * A negator right before a match, in the same clause, flips its meaning. "不是/并非" negate a
 * whole predicate and may stand a few characters off ("不是系统打不开"); "没/不/未" must touch it.
 * "是不是服务器挂了" asks, it does not deny.
 */
export const negatorBefore =
  /(?<!是)(不是|并不是|并非)[^,.!?;]{0,4}$|(没有|并没有|没|未|不|也没|还没|不只是?|不止|不仅仅?|不光)$|\b(not|isn'?t|wasn'?t|aren'?t|no|never|hasn'?t|didn'?t|not only|not just)\s*$/;

/** Before a positive "can log in": nobody can. */
const nobodyBefore = /(没人|没有人|没有一个人|谁都不|谁也不|一个人都不|一个都不|无人|没有谁)[^,.!?;]{0,6}$|\b(no one|nobody|none of (us|our|the)|not a single|no users?|no employees?|no staff)\b[^,.!?;]{0,24}$/;

/** Before a time word: "以前都正常" tells since when, not that the rest works. */
const notBefore = '(?<!(以前|之前|昨天|上午|早上|刚才|刚刚|前面|今早|中午|下午|晚上|昨晚|周末|前天|刚开始|一开始|原来|本来|平时|前几天|上周|升级前|过去|一直|(其他|其它|别的)(系统|网站|软件|网页|应用|程序)|网络|外网|上网|网速|qq|微信|邮箱|电脑)[^,.!?;]{0,4})';

const entries: LexiconEntry[] = [
  // ── hedges that downplay: above urgency so "不急" is not read as "急" ──────────────────────
  {
    kind: 'hedge',
    signal: 'downplayed',
    towards: [3, 4, 5],
    patterns: [
      /没(有)?(什么|啥)大(事|问题|影响)|不是(什么|啥)?大(事|问题)|不算大问题|问题不大|不急|不着急|不紧急|不是很急|不是特别急|不太急|不用急|不赶|有空(再|的时候|时)?|方便(的时候|时)|不影响(使用|业务|工作|干活|操作|正常|大家)?(?!其他|别的)|没(有)?(什么|啥)?影响|影响不大|影响也不大|无大碍|不碍事|no rush|not urgent|no hurry|not in a hurry|no big deal|not a big deal|low priority|when you (have|get) (time|a chance)|doesn'?t (really )?affect|no (real )?impact|not blocking|nothing urgent/g,
    ],
  },
  // ── a change request or suggestion (level 5): above scope and impact, so that "希望考勤异常能
  //    自动推送" and "能否增加一个客户字段" are read as wishes, not as a fault or a scope ─────────
  {
    kind: 'suggestion',
    signal: 'suggestion',
    towards: [5],
    patterns: [
      /建议|提(个|一个|点|些)(小)?(建议|意见|需求)|改进意见|改进建议|意见反馈|想反馈|需求(?!计划|量|单|日期)|功能变更|变更需求|改版|定制|二次开发|二开|报个?价|开发工作量|评估下?开发/g,
      /希望(能|可以|能够)?(在|以后|后续|今后|将来|下个?版本|新版本?|系统|产品|贵司|你们|厂家|官方|金蝶|蓝凌)?[^,.!?;]{0,12}?(考虑|增加|加上|加个|加一个|加入|支持|新增|提供|开发|做(个|一个|成)|改(成|为|进)|优化|简化|统一|默认|自动|批量|区分|保留|允许|放开|取消掉|去掉|提前|通知|提醒|推送|记住|看到|同步|兼容|对接|打通|关联|合并|调大|调小|放大|显示|出一个|出个|在线|离线)/g,
      /(能否|能不能|可不可以|可否|是否可以|是否能)(考虑|帮忙|给我们|帮我们)?(在[^,.!?;]{0,8})?(增加|加(个|一个|上|入)|新增|支持一下|做(个|一个)|开发|改(成|为)|优化|提供一个)|(能否|能不能|可不可以|可否)把[^,.!?;]{0,12}(改|换|调|做|加|设)/g,
      /要是能|(要是|如果|若)[^,.!?;]{0,20}就(更)?好了?|(增加|加|有|做)[^,.!?;]{0,20}就(更|太)?好了|就更好了|就更方便了|会更好|最好能|就太好了|会更(好|方便)|更方便一?(些|点)|更(直观|清楚|简洁|好用|人性化|醒目)一?(点|些)?|不够人性化|不人性化|体验(差|不好|不太好|很差)|用户体验|太麻烦|麻烦死了|不太方便|不方便/g,
      /增加(一个|个|一列|一项|一些|字段|选项|功能|按钮|开关|提醒|报表)|加(一个|个)[^,.!?;]{0,8}(按钮|字段|功能|选项|开关|提醒|报表|列|入口)|新增(一个|个)?(功能|字段|报表|按钮|选项)|优化一下|能优化|改进一下/g,
      /feature request|\bsuggest(ion|ions)?\b|would be (nice|great|helpful|good|useful)|it'?d be (nice|great|good|helpful|useful)|would be really (nice|useful|helpful)|(please|could you|can you|would you) (add|support|consider|provide|allow)|enhancement|\bwish\b|would love|'d love|we'?d like (a|an|to have|to request)|add (an?|the )?(option|button|field|column|feature|setting)|support for|make it possible|\blet us\b|request a change|change request/g,
    ],
  },
  // ── scope ──────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'negation',
    signal: 'not-everyone',
    towards: [3],
    patterns: [
      /(?<!是)(不是|并不是|并非|没有|不一定是?|也不是|倒不是)(所有|全部|每个|每一个|大家|全公司|整个|全员|都|全都|人人|全体)|not (everyone|everybody|all (users|of us|staff|the users|people))|not the whole|isn'?t (everyone|company-?wide|everybody)|not company-?wide/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'everyone',
    towards: [1, 2],
    patterns: [
      /所有(的)?(人|用户|员工|同事|账号|帐号|部门|科室|分公司|子公司|公司|门店|工厂|车间|仓库|组织|终端|电脑|客户端|操作员|财务|会计|人员|业务员|领导|分支|网点|工地|项目部|站点|区域|单位|租户|审批人|计划员|采购员|出纳|单子|单据|订单|凭证)/g,
      /全(公司|集团|厂|员|体|部人员|部用户|部的人|部人|部同事|部门店|部分公司|部子公司|部工厂|部组织|部账号|部门|国|省|区)|整个(公司|集团|工厂|厂|单位|企业|厂区|园区|总部)|每个人|每一个人|每个(用户|部门|门店|分公司|工厂|同事)|各(个)?(部门|分公司|子公司|门店|工厂|车间|单位|组织|网点)|大家(?!好)|谁都|谁也|任何人|(没有|没)(一个)?人(?=能|可以|登|进|用|打)|无人(?=能|可以)|一个(人)?都(?=不|没|登|进|打)|一(个|张|笔|条|单)[^,.!?;]{0,4}?都(?=[^,.!?;]{0,3}(不|没))|人人|各地|大伙儿?|各位同事|全(单位|院|校|所|体人员|厂区)|没有谁|没谁|(?<![一-龥])全都(?=[^,.!?;]{0,4}(不|没|无法|报错))|(其他人|其他同事|其它同事|别的同事|(?<!个)别人|同事们?|其他部门|其他电脑|别的电脑|每台电脑|换了电脑|其他账号|换了账号)(也|都|全)(一样|这样|是这样|不行|登不上|打不开|进不去|用不了|报错)|(用户|员工|同事|人员|账号|帐号|电脑)(们)?(全|都|全都|全部)(?=[^,.!?;]{0,4}(不|没|无法|报错))|(我们|咱们|我司)(这边|这里|公司)?(的人)?(都|全都|全部)(?=[^,.!?;]{0,4}(不|没|无法|报错))|全国各地|所有地方|(?<![一二两三几])(\d+|[一二三四五六七八九十百几]{2,})(多)?(个|位|号)?(用户|人|员工|同事|账号)(都|全)|(绝)?大(部分|多数)(的)?(人|用户|同事|员工|门店|电脑|账号|分公司|部门)?|几乎(所有|全部|每个|都|没人|没有人)|基本上?(所有|全部|每个|都登|都进|都打|没人)|\d+%的(人|用户|同事)|百分之[\d一二三四五六七八九十]+的(人|用户)|((财务|采购|销售|仓库|仓储|生产|人事|行政|物流|车间|门店|质检|计划|研发|hr)(部门|部|中心)?[,和跟与及]){1,}(财务|采购|销售|仓库|仓储|生产|人事|行政|物流|车间|门店|质检|计划|研发|hr)(部门|部|中心)?|一百多号人|(公司|集团|全公司)上下|上上下下|\d+多?(个|号)人都/g,
      /(?<!(some|few|two|three|several|many|certain|couple of|of the|new|other) )(?<![a-z]-)\b(our |the )?(users|staff|employees|colleagues) (can'?t|cannot|can not|are unable|are not able|get|see|are getting|keep getting|are locked)|(most|almost all|nearly all|the majority) (of )?(the |our )?(users|people|staff|employees|of us|stores|sites|offices)|every single (user|person|one|employee)|every (user|employee|person|one of us)|everyone|everybody|anybody|anyone|all (of )?(the |our )?(\d+ )?(users|staff|employees|people|colleagues|offices|sites|branches|stores|plants|factories|subsidiaries|departments|accounts|accountants|cashiers|warehouses|entities)|all of us|(whole|entire) (company|group|team|office|organi[sz]ation|business|factory|plant)|company-?wide|group-?wide|organi[sz]ation-?wide|nobody|no one|none of (us|our)|across the (company|group|board)|any (office|user|site)|every (user|office|site|branch)/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'others-fine',
    towards: [3],
    patterns: [
      /(其他|其它|别的|(?<!个)别人|其余|另外的?|另一个)(的)?(人|同事|用户|电脑|账号|帐号|审批人|员工|操作员|设备|终端|pda|扫码枪|打印机|机器)(都|是|还|也)?(正常|可以|能用|没问题|没事|好的|能登|能进|ok|不受影响)|((?<!个)别人|同事们?|其他人|其他同事)(那边)?(都|是|也)?(正常|可以|没问题|能用|没事|能登)|(同事|别人|其他人)(查|用|登|打开)[^,.!?;]{0,3}(是有|正常|是可以|都可以|就可以)|(others|everyone else|other users|other people|my colleagues|the rest of the team) (are|is|can|work|have no)/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'only-some',
    towards: [3],
    // "不止我一个", "不是个别人": more than a few.
    negated: { signal: 'not-only-some', towards: [1, 2] },
    patterns: [
      /个别|一个人|一个用户|一位(用户|同事)|某(个|位|些|几个)(用户|人|同事|账号|帐号|员工|电脑|操作员)|只有我|就我|我自己|我一个人|只有(一|两|三|几|少数)(个|位|台)|就(一|两|三|几)(个|位)(人|同事|用户)?|(?<![十百千\d])(一|两|三|几|两三|三四|一两|二三|三五)(个|位)(人|同事|用户|账号|帐号|员工|操作员)|部分(用户|人|员工|同事|账号|帐号|电脑|人员)|少数|新(来的|入职的?)(实习生|同事|员工)|实习生|(那|这|某)台|有(个|位)(同事|人|用户|员工|会计|出纳|业务员|操作员)|有些(人|用户|同事)|有的(人|用户|同事)|某台|一台电脑|这台电脑|我这台/g,
      /only (me|one|a few|some|two|three|my)|just (me|one|a few|my|two|three)|\b(one|a single|only one|just one) ([a-z]+ )?(user|person|colleague|account|clerk|employee|accountant|cashier|salesperson|manager)s?\b|a (few|couple of) (users|people|colleagues|accounts)|some (users|people|colleagues|accounts)|single user|(two|three|few) (users|people|colleagues)/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'one-record',
    towards: [3],
    negated: { signal: 'not-only-some', towards: [1, 2] },
    patterns: [
      /((只有|就|仅|仅有|有|某)(一)?(个|张|笔|条|行|份|单|几张|几笔|几个|几行|几条)|这(张|笔|条|行|份))(?!月|小时|星期|礼拜|季度|年|多|都)[^,.!?;]{0,4}?(供应商|客户|物料|单|凭证|订单|发票|员工|流程|报表|字段|记录|合同|账号|帐号|付款|批号|文档|合计|金额|单价|科目|分录)|\b(one|a single|a few|some|a couple of) ([a-z]+ )?(vouchers?|invoices?|orders?|records?|documents?|items?|suppliers?|customers?|reports?|files?)\b/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'one-department',
    towards: [2, 3],
    negated: { signal: 'not-only-some', towards: [1, 2] },
    patterns: [
      /(财务|采购|销售|仓库|仓储|生产|人事|hr|行政|物流|质检|研发|市场|客服|计划|技术)(部|部门|科|组|中心|那边|的人|的同事|人员)|(某|有)(个|一个|家)(部门|分公司|子公司|门店|工厂|仓库|组织|账套|帐套|车间|项目)|一个(部门|分公司|子公司|门店|工厂|仓库|组织|车间)|(一|两|几)家(门店|分公司|子公司|工厂)|(其他|其它|别的|其余)(的)?(部门|门店|分公司|子公司|工厂|仓库|车间|账套|组织)(都|是|还|也)?(正常|可以|没问题|好的|能用)|(one|a single) (department|branch|store|plant|subsidiary|office|site)|(the )?(finance|sales|hr|warehouse|purchasing|accounting) (team|department|dept|people)|\bhq is fine/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'other-channel-works',
    towards: [2, 3],
    patterns: [/(电脑|pc|网页|web|浏览器|手机|移动端|钉钉|app)(端|版|上|里)?(是|都|还|倒是)?(正常|可以|能用|好的|没问题|能打开|能登)|(desktop|web|pc|browser)( version| client)? (works|is fine|is ok)/g],
  },
  {
    kind: 'scope',
    signal: 'one-channel',
    towards: [2, 3],
    negated: { signal: 'not-only-some', towards: [1, 2] },
    // "钉钉和电脑端都打不开", "钉钉里也打不开": every channel, not one.
    patterns: [
      /(?<![和跟与,])((手机|移动)端|手机上|手机app|钉钉|企业微信|企微|小程序|ipad|安卓|苹果手机)(?![里上端]?(也|和|跟|与|都|、|电脑|pc|网页))|mobile app|on (my |the )?phone|\bmobile\b/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'rest-works',
    towards: [2, 3],
    patterns: [
      /(其他|其它|别的|其余|其他的)(功能|模块|业务|单据|操作|页面|菜单|地方|报表|订单|凭证|单子|流程|字段)?(都|也|还)?(正常|可以用|能用|没问题|好的|不受影响|ok|能做|可以做|可以)|(?<!不)只(有|是)[^,.!?;]{1,10}(不行|不能|报错|有问题|异常|出错|打不开|失败)|就(只有|只是)[^,.!?;]{1,10}(不行|不能用|有问题)/g,
      new RegExp(`${notBefore}(还|也|都|倒是)(能用|可以用|正常|没问题|是好的)`, 'g'),
      /everything else (works|is fine|is ok|is working)|(the )?(erp|system|oa|portal|login)( itself)? (works|is working|is fine|is up|is ok)|\bbut [a-z ,]{2,40} (work|works|are fine|is fine|are ok|still work)\b|系统本身(是)?(正常|好的|能用|没问题)|(the )?rest (works|is fine|is ok)|other (modules|functions|features|screens) (work|are fine|are ok|are working)|only (the )?[a-z -]{2,24} (is|are) (broken|failing|affected|not working)|(login|logging in) (and [a-z ]+ )?(works|is fine|are ok|is ok)|(modules?|functions?|features?|screens?|reports?) (are|is) (ok|fine)/g,
    ],
  },
  {
    kind: 'scope',
    signal: 'personal',
    towards: [3, 4],
    patterns: [
      /我的?(电脑|账号|帐号|这台|客户端|浏览器|手机)|(?<!所有|全部|都)(账号|帐号)(已|被|已经)*(停用|禁用|锁定|锁了|冻结|过期)|密码(错误|不对|忘|过期|失效)|忘(记|了)密码|my (password|account|computer|pc|laptop)|\bpassword\b/g,
      // "我登不上了": the one person who wrote, until someone says otherwise.
      /(?<![a-z们])我(?!们)(?=(这边|这里|这)?(也|又|今天|现在|突然)?(登|进不|打不|连不|用不|访问))/g,
    ],
  },
  // ── impact ─────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'impact',
    signal: 'business-stopped',
    towards: [1],
    patterns: [
      /业务(全|都|全部|完全)?(卡住|卡死|阻塞|受阻|停顿|停了|停止|停掉|中断|瘫|停滞|停摆|无法开展|没法开展|开展不了|跑不了|进行不了|都停|全停|没法做|做不了)|停工|停产|停线|异常阻塞|大面积阻塞|(日常|正常)?业务(都|全)?(无法|没法|不能)正常(进行|开展|运转|运作)|(无法|没法|不能)正常运转|运转不了|产线(停|全停|都停)|生产线(停|全停|都停)|全线停|停摆|停业|停止(营业|生产|发货)|(生产|产线|生产线|车间|工厂|业务|门店|收银|仓库|物流)(都|全|全部|已经|现在)?(停了|停下来了|停工了|停摆了|停止了|中断了)|(工人|车间|产线|司机|货车|卡车|装卸工|操作工)(都|全都)?在(干)?等|在干等|(生产|仓库|车间|门店|工厂|业务|工地|物流|产线|生产线)[^,.!?;]{0,8}(都|全|全部)(停|停了|停下来|停掉|停工)|停下来了|暂停营业|(没法|无法|不能)(开展|进行|正常进行|正常开展)业务|业务无法正常(进行|开展)|没法(营业|开单|做生意|干活|上班|办公|生产)|无法(营业|开展业务|办公|生产|干活)|收不了银|(无法|不能|没法)收银|收不了款|都干不了活|干不了活|整个公司(都)?(停|干不了|没法)|工人(都)?在等|货车(都)?在等|车都在等|卡车(都)?在等|客户(都)?在门口等/g,
      /(production|production lines?|the lines?|manufacturing|the plant|the factory|the shop floor) (has |have |is |are )?(stopped|halted|down|at a standstill)|business (has )?(stopped|halted|is down|can'?t (run|operate))|can'?t (operate|do business|ship anything|sell anything)|operations (have )?(stopped|halted)|work has stopped|nobody can work|(?<=(nobody|no one|none of us) )(can|is able to) (work|do anything)|cannot work|can'?t work|whole business|completely stuck|(warehouse|factory|plant) (has )?stopped/g,
    ],
    negated: { signal: 'business-not-stopped', towards: [2, 3] },
  },
  {
    kind: 'impact',
    signal: 'everything-fails',
    towards: [1],
    // Everything — unless a function noun stands right before it ("附件全部打不开" is attachments).
    subjects: { system: { signal: 'everything-fails', towards: [1] }, none: { signal: 'everything-fails', towards: [1] }, adjacentOnly: true },
    patterns: [
      /(全部|全都|所有)都?(动不了|用不了|不能用|打不开|进不去|卡住了|卡死了|没反应)|到处报错|处处报错|哪哪都|(什么|啥)都(用不了|干不了|做不了|打不开|不能用|动不了|操作不了|进不去|不行|没反应|没响应|报错|点不了|点不动|没法用|打不了)|全部是报错|全都是报错|(无法|不能|没法)[^,.!?;]{0,4}任何|任何(单据|操作|功能|东西|单子|页面)都(不|没|无法|打不开|用不了|报错)|都是报错页面|完全(用不了|不能用|无法使用|打不开|进不去|瘫|登不上)|所有(功能|模块|页面|菜单|操作|业务)(都)?(用不了|打不开|报错|不能|无法|进不去|没反应|超时|卡住|卡死)|全部(功能|模块|页面|菜单)(都)?(用不了|打不开|报错|不能|无法)|大面积|nothing works|nothing is working|everything (fails|is broken|errors|is down)|all (pages|modules|functions|screens) (fail|error|are down|are broken)|completely down|full outage|complete outage/g,
    ],
  },
  {
    kind: 'impact',
    signal: 'everything-fails',
    towards: [1],
    // "全部报错" is everything when said of the system, every document when said of a function.
    subjects: { system: { signal: 'everything-fails', towards: [1] }, none: { signal: 'everything-fails', towards: [1] } },
    patterns: [/全部报错|全都报错|全是报错/g],
  },
  {
    kind: 'impact',
    signal: 'licence-blocked',
    towards: [1, 2],
    // A licence is the company's: blocked, it locks everybody out — unless it is one module's.
    subjects: { system: { signal: 'licence-blocked', towards: [1, 2] }, none: { signal: 'licence-blocked', towards: [1, 2] } },
    patterns: [
      /(没有|无|找不到)可用(的)?(许可|授权|站点|license|licence|用户数|并发)|(许可|授权|站点|用户)数?(不足|已满|超了|超限|用完)|试用期(已)?(过|到期|结束)|演示版|未注册|注册失败|(许可|license|licence|授权|加密狗|加密服务器|站点数|并发数)[^,.!?;]{0,8}(过期|到期|失效|expired|invalid|无效|用完|超了|超限|不够|满了|已满|被占满|校验失败|找不到|坏了)|(license|licence) (has )?(expired|ran out)/g,
    ],
  },
  {
    kind: 'impact',
    signal: 'system-down',
    towards: [1],
    subjects: { system: { signal: 'system-down', towards: [1] }, none: { signal: 'system-down', towards: [1] } },
    patterns: [
      /瘫痪|瘫了|置疑|(?<![卡慢急烦累忙气笑吓困饿热冷])死(掉)?了|租户(已|被|已经)*(停用|冻结|到期|注销)|tenant [a-z ]{0,16}(suspended|disabled|expired|deactivated)|(账套|数据库|数据)(全)?(没了|丢了|不见了|被删)|炸了|罢工|趴窝|歇菜|凉了|跪了|停止运行|无法运行|停止服务|勒索|被加密|被黑|被入侵|ransomware|数据(全部|全|都)(丢失|没了|丢了|不见了|被清空)|欠费停机|停机了|摊痪|瘫换|宕机|宕了|当机|死机|崩了|崩溃|崩掉|挂了|挂掉|挂啦|全挂|\bdown\b掉?了?|停服|服务停止|服务停了|服务中断|起不来|启动不了|无法启动|起不了|蓝屏|\bis down\b|\bwent down\b|\bgoes down\b|\bare down\b|\bdown\b|outage|crash(ed|es)?|\boffline\b|won'?t (restart|start|boot)/g,
    ],
    negated: { signal: 'not-down', towards: [2, 3] },
  },
  {
    kind: 'impact',
    signal: 'infrastructure',
    towards: [1, 2],
    subjects: { system: { signal: 'infrastructure-down', towards: [1] }, none: { signal: 'infrastructure', towards: [1, 2] } },
    // A broken server, disk or network under the application: often, not always, an outage.
    patterns: [/磁盘满|硬盘满|cpu(满|100|占满|飙)|内存(满|耗尽|爆|溢出)|空间满|空间不足|硬盘坏|磁盘坏|日志满|被攻击|勒索病毒|中毒|断电|停电|机房|断网|网络断|disk full|power (cut|outage|failure)|ransomware|hacked|network (is )?down/g],
  },
  {
    kind: 'impact',
    signal: 'severe-slowness',
    towards: [1, 2],
    // Slow enough that nobody can work: for everyone, an outage in all but name.
    patterns: [/(慢|卡)(得)?(像蜗牛|要死|死了|到爆|得不行|得要命|到没法|到无法)|(要|等|得)(上)?(好)?(几|十几|二十几|\d+)(多)?分钟|(要|等|得)[^,.!?;]{0,3}(半个?小时|一个?多?小时|\d+个?多?小时|几个小时)|\b(extremely|super|unbearably|incredibly) slow\b|takes? (several |\d+ )?minutes/g],
  },
  {
    kind: 'impact',
    signal: 'system-hang',
    towards: [1, 2, 3],
    // Freezing is an outage when the system or database freezes, a glitch when one screen does.
    subjects: { system: { signal: 'system-frozen', towards: [1] }, none: { signal: 'function-broken', towards: [2, 3] } },
    patterns: [/卡死|锁死|死锁|跑不动|动不了|卡住不动|卡着不动|一直在?加载|没响应|无响应|没有响应|没反应|没有反应|一直转圈|\bhangs?\b|\bhanging\b|\bfrozen\b|\bfreez(es|ing)\b|not responding/g],
    negated: { signal: 'not-broken', towards: [3, 4] },
  },
  {
    kind: 'impact',
    signal: 'cannot-access',
    towards: [1, 3],
    subjects: { system: { signal: 'system-unavailable', towards: [1] }, none: { signal: 'cannot-access', towards: [1, 3] } },
    patterns: [
      /登不上|登不进|登不了|(账号|帐号)(都|全|全部)?(被)?(锁|冻结|停用|禁用)|(用|登|打|进|启动|跑)不起来|上不去|上不了|进不来|登不进来|连不进|连不通|ping不通|掉线|\b404\b|系统繁忙|服务器(忙|繁忙)|登(录|陆)[^,.!?;]{0,6}(都|全|全部)(失败|报错|不上|不了|不进去)|登(录|陆|入)(?!后|以后|之后|进去|进入)[^,.!?;]{0,12}?(错误|失败|异常|报错)|刷不出来|加载不出来|加载不了|一片空白|全是空白|空白一片|(访问|打开|登录|登陆|连接|请求|加载)[^,.!?;]{0,3}超时(?!时间|设置|参数)|都超时|都被(锁|冻结|停用|禁用)(定)?|不可用|不能访问|闪退|unusable|not usable|(几乎|基本上?|根本|完全)(无法|没法|不能)(操作|使用|用|工作|干活|登录|打开|进入)|连接(服务器|数据库)?(失败|异常|中断|断开)|无法连接(到)?(服务器|数据库|应用服务器)?|连不到|服务器(内部)?错误|网络(错误|异常|中断|连接中断)|\bunavailable\b|not available|inaccessible|not accessible|server error|(一|刚)?(打开|登录|登陆|进去|进入|启动)(就|全是|都是|全部是)(报错|闪退|崩|卡死|白屏|出错|提示错误|提示异常|是错误)|空白页|页面空白|(慢|卡)(到|得)[^,.!?;]{0,6}(没法|无法|不能|用不了|动不了|打不开)|登录不上|登陆不上|登入不了|登录不了|登陆不了|登录不进|登陆不进|(无法|不能|没法|没办法|未能)(正常)?(登录|登陆|登入|成功登录)|登录失败|登陆失败|登录报错|登陆报错|登录异常|(无法|不能|没法|没办法)(正常)?(访问|打开|进入|连接|使用|连上|进行)|打不开|进不去|进不了|连不上|连接不上|访问不了|访问不到|用不了|不能用|没法用|白屏|黑屏|\b50[234]\b|error 500|500 internal|(错误|报错|code|status) ?500|bad gateway|service unavailable|gateway timeout|internal server error|http ?500|报500|500错误|500 ?error|返回500|都是500|全是500|系统500|连接超时|请求超时|拒绝连接|(can'?t|cannot|unable to|not able to) (log ?in|login|sign in|access|connect|open|reach|get into|use)|unreachable|not reachable|not loading|won'?t (load|open)|timed? ?out|login fail(s|ed|ure)?|blank page|pages? (is |are )?blank|\bblank screen/g,
    ],
    negated: { signal: 'can-access', towards: [2, 3] },
  },
  {
    kind: 'impact',
    signal: 'can-access',
    towards: [2, 3],
    // Not in a question: "有人能进去吗" reassures nobody.
    patterns: [new RegExp(`${notBefore}(?<!是否|是不是|有没有人|谁)(能|可以|还能|还可以)(正常)?(登录|登陆|登入|登上|打开|进去|进入|访问|使用|用)(?![^,.!?;]{0,3}(吗|么|\\?))`, 'g'), /(can|could) (still )?(log ?in|login|sign in|access|open|reach|get in|get into|connect|use)|(is|are) (up|reachable)/g],
    // "没人能登录" and "nobody can log in" are outages, not reassurance.
    negated: { signal: 'cannot-access', towards: [1, 3], negators: new RegExp(`${nobodyBefore.source}|${negatorBefore.source}`) },
  },
  {
    kind: 'impact',
    signal: 'data-wrong',
    towards: [2, 3],
    patterns: [
      /数据不对|数不对|金额不对|余额不对|数量不对|对不上|不一致|算错|算得不对|计算错误|错账|全(是|都)错|都错了|全错|重复(生成|扣|记账|入账|过账|推送)|多扣|少扣|丢失|丢了|不见了|消失了|乱了|wrong (amount|data|numbers?|balance|figures|stock|date|prices?)|mismatch|\bmissing\b|duplicated|doesn'?t match|don'?t match|\bwrong\b/g,
    ],
  },
  {
    kind: 'impact',
    signal: 'trouble',
    towards: [2, 3],
    subjects: { system: { signal: 'system-fault', towards: [1, 2] }, none: { signal: 'trouble', towards: [2, 3] }, adjacentOnly: true },
    patterns: [/出问题|有问题了|出故障|故障|\bbug\b|怎么办|咋办|怎么回事|咋回事|怎么又|又(出|报|坏|不行)|怎么搞的|what happened|what'?s going on/g],
  },
  {
    kind: 'impact',
    signal: 'function-broken',
    towards: [2, 3],
    subjects: { system: { signal: 'system-fault', towards: [1, 2] }, none: { signal: 'function-broken', towards: [2, 3] }, adjacentOnly: true },
    patterns: [
      /(?<!能|可)不能|无法|没法|没办法|做不了|报错|出错|错误|失败|异常|卡住|卡在|转圈|保存不了|提交不了|过不了|审不了|点不动|不动了|不出来|出不来|不显示|不生效|没生效|不了了|不了|(付|发|开|收|做|审|过|推|引|导|算|存)不(出去|出来|进去|过去|上去|回来)|弹框报|(报|提示)[^,.!?;]{1,10}(不足|不存在|为空|重复|冲突|不匹配|无效|超限|超时|约束)|余额不足|库存不足|被(系统)?自动(驳回|退回|删除|作废)|没有权限|无权限|没权限|权限不足|失灵|失效|断了|断开了|中断了|走不下去|不走了|走不动/g,
      /\berrors?\b|\bfail(ed|s|ing|ure)?\b|doesn'?t work|does not work|not working|\bbroken\b|\bstuck\b|won'?t|can'?t|cannot|unable to|\bexception\b|permission denied|access denied|no permission|stopped|\bblocked\b|no longer|anymore|\bempty\b|throws/g,
    ],
    negated: { signal: 'not-broken', towards: [3, 4] },
  },
  {
    kind: 'impact',
    signal: 'minor',
    towards: [3],
    patterns: [
      /很慢|好慢|太慢|特别慢|非常慢|有点慢|变慢|慢得|慢死|比较慢|响应慢|速度慢|卡顿|有点卡|很卡|好卡|卡得|卡一下|偶尔|有时(候)?|时不时|间歇|偶发|不稳定|显示不全|显示不对|显示错|显示有误|错位|乱码|样式|排版|格式(不对|乱)|对不齐|小问题|小bug|不太准|不准|\bslow\b|slowly|sometimes|occasionally|intermittent(ly)?|glitch|cosmetic|misaligned|typo|laggy|\blag\b|slightly|a bit/g,
    ],
  },
  // ── a request for information or help (level 4) ─────────────────────────────────────────────
  {
    kind: 'request',
    signal: 'question',
    towards: [4],
    patterns: [
      /(怎么|怎样|咋)(样|才能|去|来|可以|能|才可以)?(设置|设|配置|配|操作|弄|搞|做|用(?!不)|使用|添加|加(?!载)|新增|新建|建|创建|修改|改|删除|删|导出|导入|查|查看|看|找|安装|装|开通|申请|绑定|关联|取消|启用|开启|关闭|调整|录入|上传|下载|同步|对接|集成|接入|授权|分配|升级|迁移|备份|还原|打印|套打|结转|反审核|反结账|反过账|计提|生成|引入|定义|维护|制作|注册|激活|登记|处理|输入|填|切换|重置|合并|拆分|复制|批量|实现|区分|部署|连接|对账|冲销|红冲|作废|开|发起|提交|写|续|收费|打|取|算|在|把|给|让|将|从|对|跟|和)/g,
      /如何|(在|去|到|从)哪(里|儿)?|哪里|哪儿|哪个(菜单|功能|模块|参数|选项|页面|地方|目录|盘)|(要|需要|得|该)[^,.!?;]{0,6}(什么|哪些)|(准备|注意|检查)(什么|哪些)|什么(流程|要求|条件|资料|区别)/g,
      /有没有(办法|方法|教程|文档|手册|说明|视频|指引|培训|操作指南)|(操作|安装|配置|使用|部署|升级)(步骤|手册|指南|文档|说明|教程)|步骤|教程|操作指引|操作说明/g,
      /是什么意思|什么意思|有什么区别|区别是什么|是干什么的|是做什么的|是什么|有哪些|多少钱|收费吗|要钱吗|什么时候(能|可以)|几点到几点|几乘几|多久/g,
      /(支持|可以|能|能否|是否|可否)[^,.!?;]{0,14}吗|是否(支持|可以|能)/g,
      /how (do|can|should|would|to|does) |how to\b|where (can|do|is|are|should|to) |is it possible|is there (a|any) way|(can|could) (i|we) |what('s| is| does| are)\b|which (menu|setting|option|screen|module|report)|documentation|tutorial|\bguide\b|steps to|instructions|\bconfigure\b|set up |\binstall\b|installation|do you (support|have|offer)|does (it|kingdee|landray|the system) support|could you tell|difference between|how many|how much|how long/g,
    ],
  },
  {
    kind: 'request',
    // Polite openers: a question when nothing is broken, mere courtesy in a fault report
    // ("请问你们服务器是不是出问题了，我们都登不上").
    signal: 'ask',
    towards: [4],
    patterns: [/请问|请教|咨询(一下)?|想了解|了解一下|想问(一下|下)?|问(一)?下|求教|想知道|告诉我|发一份|老师好|能不能|可不可以|能否|可否|could you tell/g],
  },
  // ── urgency ────────────────────────────────────────────────────────────────────────────────
  {
    kind: 'urgency',
    signal: 'urgent',
    towards: [1, 2],
    patterns: [/十万火急|火急|紧急|着急|急急|急死|急用|很急|特别急|非常急|急!|急\?|急$|赶紧|马上|立刻|立即|尽快|快点|快!|快来|救命|在线等|速回|加急|\burgent(ly)?\b|\basap\b|emergency|immediately|right now|help!|critical|need help now/g],
  },
  // ── since when ──────────────────────────────────────────────────────────────────────────────
  {
    kind: 'time',
    signal: 'since',
    towards: [],
    patterns: [
      /从(今天|昨天|前天|早上|上午|中午|下午|晚上|凌晨|刚才|周[一二三四五六日天]|上周|本周|月初|\d)[^,.!?;]{0,8}(开始|起|到现在)|刚才|刚刚|(\d+|[一二两三四五六七八九十半几])(个)?(多)?(小时|分钟|钟头|天)(了|前|以来)|一直(都)?|今天(早上|上午|一早)?|昨天|昨晚|早上|上午|下午|凌晨|今早|一上班|升级(后|之后|以后|完)|打(了)?补丁(后|之后)|重启(后|之后)|月底|月末|月初|一上午|一下午|一晚上|突然/g,
      /\bsince\b|this morning|yesterday|last night|today|for (the (last|past) )?(\d+|an?|two|three|several) (hours?|minutes?|days?)|after (the |yesterday'?s )?(upgrade|update|patch|restart|migration|power cut)|an hour ago|minutes ago/g,
    ],
  },
  // ── the problem went away or the user can get by ────────────────────────────────────────────
  {
    kind: 'workaround',
    signal: 'transient',
    towards: [3],
    patterns: [/(现在|后来|然后)?又好了|自己(就)?好了|(现在|已经)(恢复|好)了|过一会儿?(就)?好|(重新|重启|刷新|关掉|换|清|重装|多试|再试|重试|多点|重跑|重做|重进|退出)[^,.!?;]{0,8}就(能|可以|好|正常|出来|行|没事)|retry(ing)? works|works again|came back/g],
  },
  {
    kind: 'workaround',
    signal: 'workaround',
    towards: [3],
    patterns: [
      /重启(一下)?(就|后|之后)?(好|可以|正常|恢复)|刷新(一下)?(就|后)?(好|可以|正常)|清(一下|除|理)?缓存(就|后|之后)?(好|可以|正常)|换(个|一个|了|台)?(浏览器|电脑|账号|帐号|网络)(就|后|之后)?(可以|好|正常|能)?|手工|手动|先用|暂时(用|先|可以|能)|临时(方案|办法|用|处理)|绕过|绕一下|变通|凑合|还能用|还可以用|勉强能用|能用就是|其他(方式|办法|途径|入口)|另外(一种|的)?(方式|办法|入口)|下载下来能|只能先|(一张张|一个个|一条条|单独|分开|逐个|分批)[^,.!?;]{0,6}(可以|能|正常|没问题)|用[^,.!?;]{1,6}(代替|可以)|workaround|work around|manually|for now (we|i)|can still|in the meantime|smaller [a-z ]+ work|works eventually|desktop works|(pdf|chrome|desktop|web) is fine/g,
    ],
  },
  // ── hedges that only soften ─────────────────────────────────────────────────────────────────
  {
    kind: 'hedge',
    signal: 'hedged',
    towards: [],
    patterns: [
      /好像|可能|似乎|貌似|大概|估计|也许|不确定|不太确定|不清楚|不太清楚|不知道是不是|应该是|感觉|疑似|怀疑|是不是|\bmaybe\b|\bseems?\b|seemingly|probably|perhaps|not sure|i think|might be|looks like/g,
    ],
  },
];

export const cueLexicon: readonly LexiconEntry[] = entries;

/** Core and peripheral function cues are looked up separately: a function is named, not matched. */
export const functionEntries: readonly LexiconEntry[] = [
  { kind: 'function', signal: 'core-function', towards: [2], patterns: [coreFunctionNouns] },
  { kind: 'function', signal: 'peripheral-function', towards: [3], patterns: [peripheralFunctionNouns] },
];
