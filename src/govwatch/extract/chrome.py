"""The chrome lexicon: page furniture that is not part of a document, kept as data.

Two layers, applied in this order by the extractor:

1. Structural removal (``STRIP_TAGS``, ``STRUCTURAL_TAGS``, ``HIDDEN_SELECTOR``, ``CHROME_NAME_RULES``):
   elements that are never body text (scripts, navigation, footers, hidden print copies, share bars,
   breadcrumbs, QR boxes ...), found by tag, inline style or class/id name.
2. Text rules (``RULES``): each entry names one kind of chrome and says how to recognise a whole
   *line* (one paragraph of the extracted text) that is nothing but that chrome.  A rule either gives
   anchored regular expressions (``line``) that must match the entire normalised line, or ``tokens``:
   widget words that are chrome when a line consists only of such words and separators
   (``字号：[ 大 中 小 ] 打印本页 关闭窗口``).  Every rule has a length limit, so a body paragraph that merely
   mentions a word (``推进无障碍环境建设``, ``…在门户网站版权所有栏目…``) is never removed.

Each entry carries ``examples`` (lines it must remove) and ``keep`` (body sentences mentioning the same
words that must survive); tests/extract/test_chrome.py runs every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from govwatch.extract.fastdom import Rules


@dataclass(frozen=True)
class ChromeRule:
    """One kind of chrome, recognised on whole lines."""

    name: str
    description: str
    line: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    max_len: int = 80
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = field(default_factory=tuple)
    #: substrings one of which every line matched by ``line`` contains (a cheap pre-filter; empty = none)
    needles: tuple[str, ...] = ()
    #: whether ``line`` may match a line longer than 60 characters that contains a full stop 。 (prose);
    #: rules that cannot are skipped for such lines
    prose: bool = False
    #: ``label：value`` lines, checked by a linear scan instead of a regex with nested quantifiers: a line of
    #: ``pairs_count`` (min, max) segments, each up to ``pair_prefix`` characters, one of these labels, optional
    #: spaces, a colon and up to ``pair_value`` characters; no character of ``pair_stop`` anywhere; with
    #: ``pair_brackets`` the whole line may sit in 【…】/[…]/（…）.
    pairs: tuple[str, ...] = ()
    pairs_count: tuple[int, int] = (1, 6)
    pair_prefix: int = 0
    pair_value: int = 40
    pair_stop: str = "。"
    pair_brackets: bool = False
    #: whether spaces around a value do not count towards ``pair_value``/``pair_prefix``
    pair_spaces: bool = False


# Characters that may separate widget words on a chrome line.
SEPARATORS = r"\s|｜/\\·•丨>＞»<＜«,，、:：;；\-—_=~()（）\[\]【】{}「」『』.。!！?？*#+"

_LABEL_VALUE = r"[^。！？!?]{0,40}?"

RULES: tuple[ChromeRule, ...] = (
    ChromeRule(
        "qr_prompt",
        "QR-code prompts: scan to open this page on a phone",
        line=(
            r"(?:用|请用)?(?:微信|手机|移动设备)?(?:扫一扫|扫描二维码|扫码)[^。]{0,20}?(?:打开|查看|浏览|阅读|访问|分享)"
            r"[^。]{0,30}",
            r"(?:微信|手机)?(?:扫一扫|扫码|扫描二维码)",
            r"用微信扫一扫，点击右上角分享按钮，将本文分享给您的好友或朋友圈。",
            r"(?:手机|移动端|微信)?(?:浏览|阅读|查看)本页",
        ),
        max_len=60,
        examples=("扫一扫在手机打开当前页", "扫一扫在手机打开当前页面", "扫一扫在手机上查看当前页面",
                  "手机扫一扫打开此页", "用微信扫一扫，点击右上角分享按钮，将本文分享给您的好友或朋友圈。"),
        keep=("推广“扫码亮证”，群众扫一扫即可在手机上查看办事指南，全年扫码办事12万件。",),
        needles=("扫", "本页"),
    ),
    ChromeRule(
        "font_print_widgets",
        "font-size switches and print/close buttons",
        line=(r"字号\s*[:：]?\s*[\[【]\s*[\]】]",),
        tokens=("字号", "字体", "字体大小", "文字大小", "大", "中", "小", "默认", "超大", "特大", "标准",
                "大号", "中号", "小号", "A+", "A-", "打印", "打印本页", "打印本稿", "打印此页", "打印文章",
                "打印正文", "关闭", "关闭窗口", "关闭本页", "关闭打印", "打印预览", "【打印】", "背景色",
                "保存", "放大", "缩小", "页面放大", "页面缩小", "默认大小"),
        max_len=60,
        examples=("字号：[ 大 中 小 ]", "字号:[ ]", "字号:【小】【大】", "字体:【大 中 小】", "字体大小",
                  "打印本页 关闭窗口", "关闭打印", "【打印】", "字号: [大] [中] [小] [打印]",
                  "【 打印本稿 】", "【 关闭 】", "打印 关闭", "【字体： 大 中 小 】"),
        keep=("严格落实打印、复印等涉密载体管理制度，关闭违规开设的网站2个。",),
        needles=("字号",),
    ),
    ChromeRule(
        "share_bar",
        "share bars and social-network buttons",
        line=(r"分享到[:：]?.{0,30}", r"\$\(['\"]#share[^)]*\)\.share\(\);?",),
        tokens=("分享", "分享到", "转发", "微信", "微博", "新浪微博", "腾讯微博", "QQ空间", "QQ好友", "QQ",
                "人人网", "豆瓣", "更多", "X", "×", "x", "一键分享", "微信好友", "朋友圈", "分享按钮"),
        max_len=50,
        examples=("分享到：", "分享到 微信 微博 QQ空间", "分享到 - 微信", "X", "$('#share-1').share()",
                  "微信 微博 QQ空间"),
        keep=("开通“XX司法”微信公众号和微博，全年发布普法信息3000余条，分享典型案例50个。",),
        needles=("分享", "share"),
    ),
    ChromeRule(
        "leave_site_dialog",
        "leave-site confirmation dialogs",
        line=(r"您访问的链接即将离开.{0,40}?(?:是否继续)?[？?]?",
              r"(?:您|你)(?:即将|将要)离开.{0,40}",),
        tokens=("继续访问", "放弃", "取消", "确定", "温馨提示", "提示", "继续", "离开"),
        max_len=80,
        examples=("您访问的链接即将离开“XX县人民政府”门户网站，是否继续？", "继续访问 放弃", "温馨提示"),
        keep=("温馨提示：申请人应于2024年3月31日前提交材料，逾期不予受理。",),
        needles=("离开",),
    ),
    ChromeRule(
        "breadcrumb",
        "breadcrumbs: 当前位置：首页 > 栏目 > 正文",
        line=(
            r"(?:您)?(?:当前|现在|目前)?(?:所在|的|所处)?(?:的)?(?:位置|路径)\s*[:：].{0,120}",
            r"(?:首页|网站首页|主页)\s*(?:>|＞|»|/|｜|\||>>|→|-).{0,120}",
            r"[^。，；>]{1,24}(?:\s*(?:>>|>|＞|»|→)\s*[^。，；>]{1,24}){2,8}\s*(?:>>|>|＞|»)?",
        ),
        tokens=("首页", "正文", "网站首页"),
        max_len=160,
        examples=("当前位置：首页 > 政务公开 > 正文", "您当前的位置：首页>政务公开>法治政府建设年度报告",
                  "您所在的位置：首页 > 政府信息公开", "首页 > 正文", "首页 > 国务院公报 > 2007年第23号",
                  "首页 / 要闻动态 / 今日关注", "当前位置：首页｜新华社记者看东北｜人物专访",
                  "吉林省政府信息公开专栏 >> 吉林省人民政府 >> 政府信息公开基础平台"),
        keep=("二是优化门户网站首页布局，在首页开设法治政府建设专栏，当前位置醒目，全年更新信息200余条。",),
        needles=("位置", "路径", "首页", "主页", ">", "＞", "»", "→"),
    ),
    ChromeRule(
        "counters_and_datelines",
        "view counters and dateline/source/editor lines (label：value pairs only)",
        line=(r"(?:浏览|阅读|访问|点击)(?:次数|量|数)\s*[:：]?\s*\d*\s*次?",),
        pairs=("来源", "信息来源", "文章来源", "稿件来源", "内容来源", "发布时间", "发布日期", "发布机构", "更新时间",
               "更新日期", "发稿时间", "时间", "日期", "作者", "撰稿", "供稿", "编辑", "责任编辑", "审核", "审校",
               "校对", "签发", "摄影", "浏览", "浏览次数", "浏览量", "阅读", "阅读次数", "阅读量", "阅读数",
               "访问次数", "访问量", "点击", "点击数", "点击量", "点击率", "点击次数", "字号", "文章类型", "录入",
               "录入时间"),
        pairs_count=(1, 6),
        pair_prefix=0,
        pair_value=40,
        pair_stop="。！？!?",
        pair_brackets=True,
        pair_spaces=True,
        max_len=120,
        examples=("发布时间：2023-06-05 10:08 来源：县司法局", "信息来源：省发改委", "来源：浙江监管局",
                  "发布日期：2016-11-22 浏览次数： 信息来源：省发改委", "浏览次数：1234",
                  "（责任编辑：系统管理员）", "责任编辑：张三", "编辑：苏亮", "更新时间：2024-01-02",
                  "时间:2024-02-18 10:08 来源: 作者: 字号:[ ]", "文章类型：原创"),
        keep=("数据来源：本报告所列数据来源于各部门报送的统计年报，截至2023年12月31日。",
              "发布时间：各单位应在每年3月31日前，将上一年度法治政府建设情况报告通过门户网站向社会公开，接受监督。"),
    ),
    ChromeRule(
        "date_widget",
        "stale 'today is' date widgets (never a publication date)",
        line=(
            r"今天是\s*[:：]?\s*(?:\d{4}|[〇一二三四五六七八九]{4})\s*年[^。，]{0,40}",
            r"\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天].{0,20}",
        ),
        max_len=60,
        examples=("今天是：2019年10月31日 星期三 农历己亥年十月初四", "今天是2024年3月1日",
                  "2019年10月31日 星期三"),
        keep=("今天是全国法治宣传日，我县组织开展“宪法进万家”活动，发放宣传资料2000余份。",),
        needles=("今天", "星期", "周"),
    ),
    ChromeRule(
        "accessibility_toggles",
        "accessibility, elderly-mode and script switches",
        tokens=("无障碍", "无障碍浏览", "无障碍阅读", "长者模式", "关怀版", "关怀模式", "老年版",
                "老年人模式", "退出老年人模式", "适老化", "简体", "繁体", "繁體", "简体版", "繁体版", "简",
                "繁", "EN",
                "English", "视力保护色", "听全文", "语音播报", "朗读", "读屏", "指读", "大鼠标", "大字幕",
                "返回首页", "登录", "注册", "注销", "个人中心", "退出", "智能问答", "切换到繁體", "高对比度"),
        max_len=60,
        examples=("无障碍", "长者模式", "关怀版", "退出老年人模式", "简体|繁体", "视力保护色", "听全文",
                  "无障碍 长者模式 关怀版"),
        keep=("推进无障碍环境建设，完成政府网站适老化和无障碍改造。",),
    ),
    ChromeRule(
        "site_footer",
        "site footers: copyright, ICP and police filing numbers, site id, sponsor and operator",
        line=(
            r"[^。！？]{0,120}(?:版权所有|ICP备|ICP证|公网安备|网站标识码|网站识别码|Copyright|COPYRIGHT|©|"
            r"(?:主办|承办|协办)(?:单位)?\s*[:：]|[（(](?:主办|承办)[）)]|技术支持\s*[:：]|"
            r"(?:运行)?(?:维护|运维)(?:单位)?\s*[:：]|网站主办|建议使用.{0,20}浏览器|最佳分辨率)[^。！？]{0,160}",
        ),
        max_len=240,
        examples=("版权所有：XX县人民政府", "浙ICP备05018911号", "京公网安备 11010202000001号",
                  "网站标识码：1400000045", "主办单位：XX县人民政府办公室 承办单位：XX县大数据中心",
                  "技术支持：XX科技有限公司",
                  "主办：山西省人民政府办公厅 © 山西省人民政府网 版权所有 晋ICP备12000773号",
                  "Copyright © 2024 XX县人民政府 All Rights Reserved"),
        keep=("二是规范政府网站管理，在门户网站版权所有栏目公开网站主办单位信息，全年整改问题12个。",
              "（三）主办单位和承办单位履职情况"),
        needles=("版权", "ICP", "公网安备", "标识码", "识别码", "Copyright", "COPYRIGHT", "©", "主办", "承办",
                 "协办", "技术支持", "维护", "运维", "浏览器", "分辨率"),
    ),
    ChromeRule(
        "site_links",
        "footer and header link words: site map, contact, statements, IPv6, mobile apps",
        tokens=("网站地图", "联系我们", "网站声明", "关于我们", "网站申明", "法律声明", "隐私声明",
                "安全隐私", "版权保护", "版权声明", "免责声明", "版权与免责声明", "使用帮助", "网站纠错",
                "本网站支持IPv6",
                "网站支持IPv6", "支持IPv6", "IPv6", "国家级政府网站", "政府网站", "热搜词", "热门搜索",
                "热词", "搜索", "微信公众号", "手机版", "移动版", "客户端", "新媒体矩阵", "便民地图",
                "政策问答", "数据中心", "电脑版", "小程序", "邮箱", "设为首页", "加入收藏", "站内搜索",
                "高级搜索", "RSS", "订阅", "Produced By 大汉网络", "大汉网络", "政务微博", "政务微信",
                "网站导航", "快速导航", "智能问答"),
        max_len=80,
        examples=("网站地图 | 联系我们 | 网站声明", "本网站支持IPv6", "国家级政府网站", "热搜词",
                  "微信公众号 手机版", "新媒体矩阵", "智能问答", "便民地图", "政策问答", "数据中心",
                  "安全隐私丨版权保护丨联系我们丨网站地图", "Produced By 大汉网络"),
        keep=("依托政务新媒体矩阵和微信公众号开展“以案释法”，全年推送普法信息360条。",),
    ),
    ChromeRule(
        "contact_footer",
        "footer contact lines: address, post code, duty phone, fax",
        pairs=("办公地址", "地址", "邮编", "邮政编码", "值班电话", "联系电话", "电话", "传真", "电子邮箱", "E-mail",
               "Email"),
        pairs_count=(2, 5),
        pair_prefix=30,
        pair_value=40,
        pair_stop="。",
        max_len=200,
        examples=("地址：XX县人民路1号 邮编：314300", "值班电话：0573-86012345 传真：0573-86012346",
                  "办公地址：XX路88号 邮编：100000 电话：010-12345678"),
        keep=("设立行政复议咨询窗口，公布咨询电话：0573-86012345，全年接待群众来访来电360人次。",),
        needles=("地址", "邮编", "邮政", "电话", "传真", "邮箱", "mail", "Mail"),
    ),
    ChromeRule(
        "prev_next",
        "previous/next article links",
        line=(r"(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]?.{0,100}",),
        max_len=120,
        examples=("上一篇：关于2022年度法治政府建设情况的报告", "下一篇：没有了", "上一篇",
                  "下一条：XX县2023年工作要点"),
        keep=("对上一篇章中提出的问题，我们逐条制定整改措施。",),
        needles=("上一", "下一", "上篇", "下篇"),
        prose=True,
    ),
    ChromeRule(
        "related_links",
        "related-article headers",
        line=(r"(?:相关|相关的|推荐|延伸|更多)(?:链接|稿件|新闻|文章|阅读|信息|文件|附件|内容|报道|政策|解读)"
              r"\s*[:：]?",),
        tokens=("相关链接", "相关稿件", "相关新闻", "相关文章", "相关阅读", "相关信息", "相关文件",
                "相关解读"),
        max_len=20,
        examples=("相关链接", "相关稿件", "相关新闻：", "相关阅读"),
        keep=("及时公开相关链接和政策文件，方便群众查阅。",),
        needles=("相关", "推荐", "延伸", "更多"),
    ),
    ChromeRule(
        "back_to_top",
        "back-to-top buttons",
        tokens=("返回顶部", "回到顶部", "TOP", "top", "Top", "顶部", "返回", "返回上一页", "返回列表"),
        max_len=20,
        examples=("返回顶部", "回到顶部", "TOP"),
        keep=("对不符合要求的文件一律返回起草单位修改，全年返回修改文件15件。",),
    ),
    ChromeRule(
        "favourite",
        "bookmark/favourite buttons and login prompts",
        line=(r"您还未登录，请登录后进行收藏！?",),
        tokens=("收藏", "加入收藏", "收藏本页", "取消收藏", "已收藏"),
        max_len=30,
        examples=("收藏", "【收藏本页】", "您还未登录，请登录后进行收藏！"),
        keep=("建立典型案例收藏库，收藏典型行政复议案例120件。",),
        needles=("收藏",),
    ),
    ChromeRule(
        "error_report",
        "'report an error' buttons",
        tokens=("我要纠错", "纠错", "网站纠错", "【我要纠错】", "意见反馈", "我要评论", "评论", "点赞"),
        max_len=20,
        examples=("我要纠错", "【我要纠错】", "网站纠错"),
        keep=("建立行政执法案卷评查纠错机制，纠错案卷32件。",),
    ),
    ChromeRule(
        "attachment_label",
        "bare attachment-download labels and download buttons",
        line=(r"附件(?:下载)?\s*[:：]?", r"附件信息\s*[:：]?", r"(?:相关)?附件列表\s*[:：]?"),
        tokens=("附件下载", "下载文字版", "下载图片版", "pdf下载", "word下载", "PDF下载", "WORD下载",
                "下载", "文字版", "图片版", "下载附件", "附件"),
        max_len=20,
        examples=("附件下载：", "附件下载:", "附件：", "附件信息:", "下载文字版 下载图片版",
                  "pdf下载 word下载"),
        keep=("附件下载量大幅提升，全年群众下载政策文件附件1.2万次。",),
        needles=("附件",),
    ),
    ChromeRule(
        "validity_stamp",
        "validity stamps shown over expired documents",
        tokens=("文件已失效", "已失效", "失效", "已废止", "有效", "现行有效"),
        max_len=12,
        examples=("文件已失效", "已废止"),
        keep=("清理规范性文件112件，其中宣布失效18件、废止9件。",),
    ),
    ChromeRule(
        "column_tabs",
        "disclosure-guide column tabs placed around the body",
        tokens=("政府信息公开", "信息公开指南", "信息公开制度", "法定主动公开内容", "依申请公开",
                "信息公开年报", "政策解读", "公开目录"),
        max_len=40,
        examples=("政府信息公开 信息公开指南 信息公开制度", "依申请公开"),
        keep=("全年主动公开政府信息3200条，办理依申请公开45件，按时办结率100%。",),
    ),
)

RULES_BY_NAME: dict[str, ChromeRule] = {r.name: r for r in RULES}


# ---------------------------------------------------------------- structural layer (tags, names)

#: Tags removed with their content before anything else.
STRIP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "svg", "select", "textarea", "button",
)  # (the paragraph builder also skips object/embed/canvas/audio/video/map without text)

#: Tags that are page furniture by definition (removed unless they hold the body).
STRUCTURAL_TAGS: tuple[str, ...] = ("nav", "header", "footer", "aside", "form")

#: Elements hidden from the reader: hidden print/mobile copies of the body and pop-ups: a
#: ``display: none`` or ``visibility: hidden`` style (not Word tables' ``border:none`` nor
#: ``overflow:hidden`` boxes), the ``hidden`` attribute, a hiding class (a selection, see
#: :mod:`govwatch.extract.fastdom`).
HIDDEN_CLASSES = frozenset({"ng-hide", "hide", "hidden", "d-none", "display-none"})
HIDDEN_RULES = Rules(style_decls=(("display", "none"), ("visibility", "hidden")), attrs=("hidden",),
                     class_tokens=tuple(sorted(HIDDEN_CLASSES)))
HIDDEN_SELECTOR = HIDDEN_RULES.selector


#: class/id names of chrome containers (matched on each class token and on the id).  Names are often
#: pinyin: fenxiang 分享, dayin 打印, banquan 版权, mianze 免责, ewm/erweima 二维码, dqwz 当前位置,
#: weizhi 位置, xgwz/xglj/xgxx 相关, sxp 上下篇, liulan 浏览, jiucuo 纠错, ydh 导航, wza 无障碍.
CHROME_NAME_RE = re.compile(
    r"(?:^|[-_\s])(?:share|fenxiang|bdshare|breadcrumbs?|crumbs?|dqwz|position|location|weizhi|copyright|"
    r"banquan(?:mianze)?|mianze|qrcode|qr|erweima|ewm|sweep|toolbar|fontsize|font-size|font_size|zihao|"
    r"print(?:er|page|btn)?|dayin|prenext|pre-next|prev-next|sxp|xgwz|xglj|xgxx|related|relate|"
    r"pageview|liulan|jiucuo|sidebar|side-bar|footer|foot|navbar|nav|menu|header|top-bar|topbar|"
    r"search|login|ydh|wza|barrierfree|bottom|subnav|mainnav)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
#: Names that look like chrome by the fragments above but are body containers on real sites.
CONTENT_NAME_RE = re.compile(
    r"(?:^|[-_\s])(?:content|article|zoom|trs_editor|trs_ueditor|ucap|detail|zw|wenzhang|main-txt|"
    r"printcontent|print-content|print_content|article-content|contents?_div)(?:$|[-_\s\d])",
    re.IGNORECASE,
)


def is_chrome_name(class_attr: str | None, id_attr: str | None) -> bool:
    """True when a class or id token names a chrome container (and no token names a body container)."""
    if not class_attr and not id_attr:
        return False
    names = f"{class_attr or ''} {id_attr or ''}"
    return CHROME_NAME_RE.search(names) is not None and CONTENT_NAME_RE.search(names) is None


# ---------------------------------------------------------------- text layer
#
# Scraped text is untrusted: every matcher below runs in time linear in the line (times a small constant
# bounded by the lexicon), never a regex with nested or overlapping quantifiers.

_SEPARATOR_CHARS = frozenset(" \t\n\r\f\v|｜/\\·•丨>＞»<＜«,，、:：;；-—_=~()（）[]【】{}「」『』.。!！?？*#+")
_COLONS = frozenset(":：")
_OPEN_BRACKETS = "【[（("
_CLOSE_BRACKETS = "】]）)"

#: a line matcher: the rule matches the whole line when it returns True
Matcher = Callable[[str], bool]


class _TokenScan:
    """Whether a line consists only of widget words and separators (at least one word).

    A left-to-right reachability scan over the line's positions with the words indexed by their first
    character: ``O(len(line) × words sharing a first character)``, where the equivalent regex
    ``sep*(?:(?:w1|w2|…)sep*)+`` backtracks exponentially on overlapping words (附件下载附件下载…好).
    """

    def __init__(self, tokens: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for t in sorted({t for t in tokens if t}, key=len, reverse=True):
            by_first.setdefault(t[0], []).append(t)
        self.by_first = by_first
        #: every character a matching line can hold: the words' own and the separators (spaces aside)
        self.alphabet = frozenset("".join(w for ws in by_first.values() for w in ws)) | _SEPARATOR_CHARS

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def fullmatch(self, line: str) -> bool:
        # a character that is neither in a word nor a separator nor a space rules the line out: one set
        # difference in C instead of the scan below (which nearly every body line would fail)
        if not self.alphabet.issuperset(line) and not all(
                ch.isspace() for ch in set(line).difference(self.alphabet)):
            return False
        n = len(line)
        # reach[i]: 0 = position i not reachable, 1 = reachable before any word, 2 = reachable after a word
        reach = bytearray(n + 1)
        reach[0] = 1
        for i in range(n):
            state = reach[i]
            if not state:
                continue
            ch = line[i]
            if (ch in _SEPARATOR_CHARS or ch.isspace()) and reach[i + 1] < state:
                reach[i + 1] = state
            for tok in self.by_first.get(ch, ()):
                if line.startswith(tok, i):
                    reach[i + len(tok)] = 2
        return reach[n] == 2


def _pairs_matcher(rule: ChromeRule) -> Matcher:
    """A linear-time matcher for a ``pairs`` rule (see :class:`ChromeRule`)."""
    by_first: dict[str, list[str]] = {}
    for label in sorted(set(rule.pairs), key=len, reverse=True):
        by_first.setdefault(label[0], []).append(label)
    lo, hi = rule.pairs_count
    stop = frozenset(rule.pair_stop)
    gap = rule.pair_prefix + rule.pair_value  # filler between one colon and the next label

    def fullmatch(line: str) -> bool:
        if _COLONS.isdisjoint(line) or not stop.isdisjoint(line):  # (C scans, no set of the line)
            return False
        if rule.pair_brackets:
            if line[:1] in _OPEN_BRACKETS:
                line = line[1:].lstrip()
            if line[-1:] in _CLOSE_BRACKETS:
                line = line[:-1]
        n = len(line)
        size = (lambda text: len(text.strip())) if rule.pair_spaces else len
        # every "label [spaces] colon" in the line: (label start, colon end)
        hits: list[tuple[int, int]] = []
        for p, ch in enumerate(line):
            for label in by_first.get(ch, ()):
                if line.startswith(label, p):
                    e = p + len(label)
                    while e < n and line[e].isspace():
                        e += 1
                    if e < n and line[e] in _COLONS:
                        hits.append((p, e + 1))
        if len(hits) < lo:
            return False
        # counts[j]: how many segments can end with hit j as the last label (a chain of segments)
        counts: list[set[int]] = []
        for j, (p, _e) in enumerate(hits):
            reach = {1} if p <= rule.pair_prefix else set()
            for i in range(j):
                pe = hits[i][1]
                if counts[i] and pe <= p and size(line[pe:p]) <= gap:
                    reach.update(k + 1 for k in counts[i] if k < hi)
            counts.append(reach)
            if reach and size(line[hits[j][1]:]) <= rule.pair_value and any(k >= lo for k in reach):
                return True
        return False

    return fullmatch


@dataclass(frozen=True)
class _Compiled:
    line_res: tuple[tuple[Matcher, int, str, tuple[str, ...]], ...]
    tokens: _TokenScan
    token_max: int
    token_owner: dict[str, str]
    token_first: frozenset[str]
    any_needle: re.Pattern[str] | None  # every rule's needles in one pattern: one C call per line
    bare: tuple[tuple[Matcher, int, str, tuple[str, ...]], ...]  # line rules without needles
    prose: tuple[tuple[Matcher, int, str, tuple[str, ...]], ...]  # line rules that allow prose


def _matchers(rule: ChromeRule) -> list[Matcher]:
    found: list[Matcher] = []
    if rule.pairs:
        found.append(_pairs_matcher(rule))
    for pat in rule.line:
        rx = re.compile(pat)
        found.append(lambda line, rx=rx: rx.fullmatch(line) is not None)
    return found


@lru_cache(maxsize=8)
def _compile(rules: tuple[ChromeRule, ...] = RULES) -> _Compiled:
    line_res = []
    prose = []
    all_tokens: list[str] = []
    owner: dict[str, str] = {}
    tmax = 0
    for r in rules:
        for matcher in _matchers(r):
            entry = (matcher, r.max_len, r.name, r.needles)
            line_res.append(entry)
            if r.prose:
                prose.append(entry)
        for t in r.tokens:
            all_tokens.append(t)
            owner.setdefault(t, r.name)
        if r.tokens:
            tmax = max(tmax, r.max_len)
    first = frozenset(t[0] for t in all_tokens if t)
    needles = sorted({nd for r in rules for nd in r.needles}, key=len, reverse=True)
    any_needle = re.compile("|".join(re.escape(nd) for nd in needles)) if needles else None
    bare = tuple(x for x in line_res if not x[3])
    return _Compiled(tuple(line_res), _TokenScan(all_tokens), tmax, owner, first, any_needle, bare,
                     tuple(prose))


_DEFAULT = _compile(RULES)
MAX_RULE_LEN = max(r.max_len for r in RULES)
_SPLIT_RE = re.compile(f"[{SEPARATORS}]+")


def match_rule(line: str, rules: tuple[ChromeRule, ...] | None = None) -> str | None:
    """Name of the chrome rule that the whole ``line`` matches, or None for body text."""
    if not line:
        return None
    n = len(line)
    if rules is None:
        if n > MAX_RULE_LEN:
            return None
        c = _DEFAULT
    else:
        c = _compile(rules)
    lead = line.lstrip(SEPARATORS_STRIP)[:1]
    if n <= c.token_max and c.tokens and lead in c.token_first and c.tokens.fullmatch(line):
        # a line of widget words: attribute it to the rule owning its first token
        first = _SPLIT_RE.split(line.strip(SEPARATORS_STRIP))
        for piece in first:
            if piece in c.token_owner:
                return c.token_owner[piece]
        return "tokens"
    if n > 60 and "。" in line:
        candidates = c.prose  # prose: only rules that allow a full stop can match
    elif c.any_needle is not None and c.any_needle.search(line):
        candidates = c.line_res
    else:
        candidates = c.bare
    for matcher, max_len, name, needles in candidates:
        if n > max_len:
            continue
        if needles and not any(nd in line for nd in needles):
            continue
        if matcher(line):
            return name
    return None


SEPARATORS_STRIP = " |｜/\\·•丨>＞»<＜«,，、:：;；-—_=~()（）[]【】{}「」『』.。!！?？*#+\t"


def is_chrome_line(line: str) -> bool:
    return match_rule(line) is not None


def strip_chrome(lines: Iterable[str]) -> list[str]:
    """Drop every line that some rule recognises as chrome."""
    return [ln for ln in lines if match_rule(ln) is None]
