"""Label normalisation for matching: width, case, punctuation, traditional characters, suffixes.

A label becomes three keys, from strict to loose:

- ``full``: NFKC (full-width ``Ｇ３１２`` becomes ``G312``), case-folded, traditional
  characters folded to simplified ones by a small table, punctuation and spaces dropped;
- ``legal``: ``full`` without a legal-form suffix (有限公司, 股份有限公司, Co., Ltd. …);
- ``stem``: ``legal`` without a generic suffix (集团, Group; and, for administrative units,
  省/市/区/县, Province, City, District, County when at least two characters remain, so
  沙市 keeps its 市).

The traditional-to-simplified table covers the characters of place, organisation and
infrastructure names (about 880 pairs), not the whole language: a label that uses
other traditional characters is left as it is. Variants in the other direction (for
looking labels up in a remote graph) skip simplified characters with several traditional
forms (里, 台, 后, 发 …), since a wrong guess would only miss.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Traditional then simplified, pair after pair.
_PAIRS = (
    "萬万與与專专業业叢丛兩两個个臨临為为麗丽習习鄉乡書书雲云產产畝亩億亿價价優优會会偉伟"
    "體体餘余兒儿黨党關关興兴養养軍军農农準准減减創创別别製制辦办務务動动勞劳華华協协單单"
    "衛卫廠厂歷历曆历縣县參参發发髮发號号臺台颱台檯台後后噸吨啟启吳吴團团糰团園园圍围國国"
    "場场壞坏塊块墾垦處处備备奪夺獎奖學学實实寶宝寧宁對对導导層层屬属歲岁島岛峽峡幣币帶带"
    "幫帮廣广莊庄庫库應应廟庙廢废張张強强錄录徑径總总態态慣惯戲戏戶户擴扩報报擁拥擇择揮挥"
    "據据換换攝摄數数斷断無无時时顯显曉晓術术機机權权條条來来構构標标欄栏樣样橋桥檢检樓楼"
    "歡欢畢毕氣气氫氢漢汉湯汤溝沟澤泽潔洁淺浅濟济潤润漲涨漸渐溫温灣湾濕湿滿满灘滩災灾點点"
    "熱热愛爱牽牵狀状獨独豬猪環环現现電电畫画暢畅監监鹽盐蓋盖礦矿碼码礎础碩硕確确禮礼種种"
    "積积稱称穩稳窮穷競竞筆笔簽签籌筹簡简類类糧粮紀纪約约級级純纯綱纲納纳線线綫线組组細细"
    "織织終终經经結结給给絕绝統统績绩續续綿绵綜综綠绿編编纜缆網网羅罗職职聯联肅肃勝胜腦脑"
    "騰腾藝艺節节蘇苏範范榮荣藥药獲获穫获營营雖虽補补裝装見见觀观視视覽览覺觉計计認认討讨"
    "讓让訓训議议記记講讲設设訪访證证評评識识訴诉診诊試试話话詢询該该詳详語语誤误說说請请"
    "讀读課课調调談谈謝谢負负貢贡財财責责貨货質质購购貼贴貸贷貿贸費费資资賃赁賽赛趙赵車车"
    "轉转輪轮軟软輕轻較较輸输邊边達达遷迁過过邁迈運运還还進进遠远連连選选遞递邏逻遺遗郵邮"
    "鄰邻鄭郑釀酿釋释裏里裡里鐘钟鍾钟鋼钢鈷钴鉀钾鐵铁銅铜鋁铝鏈链銷销鋰锂錦锦鋅锌鍵键鎂镁"
    "鎮镇鎳镍長长門门問问間间聞闻閱阅隊队陽阳陰阴際际陸陆陳陈險险隨随隱隐難难霧雾韓韩頁页"
    "項项順顺須须鬚须預预領领頻频題题額额風风飛飞館馆馬马驅驱驗验魚鱼鳥鸟雞鸡龍龙齊齐東东"
    "絲丝樂乐買买亂乱爭争亞亚親亲倉仓從从們们眾众傷伤傳传倫伦僑侨側侧債债傾倾儲储蘭兰冊册"
    "寫写衝冲決决況况凍冻淨净涼凉鳳凤擊击劃划則则剛刚劇剧劍剑勵励勸劝區区醫医賣卖盧卢廳厅"
    "壓压厲厉雙双變变葉叶嘆叹呂吕員员響响喚唤圓圆聖圣堅坚壇坛壩坝墳坟壟垄壯壮聲声殼壳復复"
    "複复夾夹頭头誇夸奮奋婦妇媽妈娛娱嬰婴孫孙憲宪宮宫寬宽賓宾尋寻壽寿將将爾尔塵尘嘗尝堯尧"
    "盡尽屢屡豈岂崗岗嶺岭嶽岳巒峦師师帳帐幟帜慶庆廬庐開开異异棄弃彌弥彎弯歸归當当徹彻徵征"
    "憶忆憂忧懷怀戀恋懇恳惡恶惱恼悅悦驚惊懲惩憤愤願愿戰战撲扑執执掃扫揚扬擾扰撫抚拋抛搶抢"
    "護护擔担擬拟攏拢揀拣掛挂擋挡擠挤損损撿捡擲掷攬揽攜携攤摊撐撑敵敌斂敛鬥斗斬斩舊旧曠旷"
    "晝昼晉晋曬晒暈晕暫暂樸朴殺杀雜杂桿杆傑杰極极槍枪楓枫櫃柜棟栋樹树樁桩檔档夢梦橢椭欖榄"
    "橫横歐欧殲歼殘残毀毁斃毙匯汇彙汇洶汹瀋沈滬沪淚泪瀉泻潑泼灑洒窪洼漿浆澆浇濁浊測测瀏浏"
    "濃浓塗涂湧涌濤涛澇涝渦涡渙涣淵渊漁渔滲渗潰溃濺溅滾滚滯滞濫滥濾滤濱滨滅灭燈灯靈灵燦灿"
    "爐炉燉炖煉炼爍烁爛烂燭烛煙烟煩烦燒烧燙烫煥焕爺爷犧牺猶犹狹狭獅狮獄狱獵猎貓猫獻献瑪玛"
    "瑋玮瑣琐療疗瘡疮瘋疯癢痒癡痴癱瘫皺皱盞盏盜盗盤盘睜睁矯矫礙碍禍祸禪禅離离禿秃稈秆竊窃"
    "竅窍窯窑豎竖筍笋籠笼築筑篩筛箏筝籃篮籬篱糞粪緊紧糾纠紅红纖纤緯纬紗纱縱纵紛纷紙纸紋纹"
    "紡纺練练紹绍繞绕繪绘絡络絞绞繡绣繼继緒绪繩绳維维綢绸緩缓緣缘縫缝縮缩繳缴罰罚罷罢翹翘"
    "聳耸恥耻聰聪腸肠膚肤腎肾腫肿脹胀脅胁膠胶臟脏髒脏腳脚臉脸臘腊膩腻輿舆艦舰艙舱艱艰蒼苍"
    "蘋苹莖茎薦荐蓮莲瑩莹蘿萝螢萤蕭萧蔥葱藍蓝蘊蕴虜虏慮虑虛虚蟲虫蝦虾蝕蚀蟻蚁蠻蛮蠟蜡銜衔"
    "襯衬襖袄襪袜襲袭褲裤規规覓觅譽誉訂订譏讥訊讯諱讳論论訣诀詐诈詞词譯译詩诗誠诚誕诞誡诫"
    "誘诱誦诵諸诸諾诺誰谁諒谅誼谊謀谋謊谎諧谐謂谓謎谜謠谣謙谦謹谨譜谱貝贝貞贞賢贤敗败賬账"
    "販贩貪贪貧贫貫贯賤贱貴贵賀贺賊贼賦赋賭赌賞赏賜赐賠赔賴赖賺赚贊赞贈赠趕赶趨趋躍跃踐践"
    "蹤踪軌轨轟轰軸轴載载轎轿輔辅輛辆輩辈輝辉輯辑轄辖辭辞辯辩遼辽遲迟跡迹這这違违適适遜逊"
    "鄧邓鬱郁醞酝醬酱針针釘钉釣钓鈣钙鈦钛鈔钞鑰钥鉤钩鈕钮錢钱鑽钻鈾铀鈴铃鉛铅銘铭鏟铲銀银"
    "鑄铸鋪铺鎖锁鍋锅鏽锈鋒锋銳锐錯错錫锡錘锤鍛锻鍍镀鏡镜鑲镶閃闪閉闭闖闯閒闲鬧闹閘闸閣阁"
    "闡阐闊阔陣阵階阶隴陇陝陕隸隶雛雏黴霉靚靓靜静韋韦韻韵頂顶頑顽顧顾頓顿頒颁頌颂頗颇顆颗"
    "顏颜顛颠顫颤飄飘飢饥饑饥飯饭飲饮飾饰飽饱飼饲饒饶餅饼餡馅馳驰駁驳駛驶駐驻駕驾罵骂驕骄"
    "騎骑騙骗騷骚驟骤魯鲁鮮鲜鳴鸣鴨鸭鴻鸿鵝鹅鵬鹏鶴鹤鷹鹰麥麦齒齿齡龄龜龟沖冲衆众線线"
)
assert len(_PAIRS) % 2 == 0
TRADITIONAL: dict[str, str] = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
_TO_SIMPLIFIED = str.maketrans(TRADITIONAL)

# Simplified characters whose traditional form is not one character everywhere (or that are
# themselves traditional too): never turned into a traditional guess.
_AMBIGUOUS = set("里台后范云叶余复制钟蒙获卷冲汇坛脏须饥征郁朴沈历只干系松谷斗面签杆痴")
_SIMPLIFIED_TO_TRADITIONAL: dict[str, str] = {}
for _trad, _simp in TRADITIONAL.items():
    if _simp in _AMBIGUOUS:
        continue
    _SIMPLIFIED_TO_TRADITIONAL.setdefault(_simp, _trad)
_TO_TRADITIONAL = str.maketrans(_SIMPLIFIED_TO_TRADITIONAL)

# Legal forms of companies, longest first; then generic words. Keys are already normalised.
LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "股份公司")
LEGAL_EN = ("company limited", "co ltd", "co limited", "limited", "ltd", "inc", "corporation")
GENERIC_ZH = ("集团公司", "集团", "公司", "股份")
ADMIN_ZH = ("省", "市", "区", "县")
GENERIC_EN = (
    "group",
    "company",
    "co",
    "prefecture level city",
    "province",
    "city",
    "district",
    "county",
    "prefecture",
)


@dataclass(frozen=True)
class Keys:
    """The three keys of one label."""

    full: str
    legal: str
    stem: str


def fold(text: str) -> str:
    """Width, case and traditional characters folded; punctuation and spaces kept.

    >>> fold("Ｇ３１２線 永昌")
    'g312线 永昌'
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_TO_SIMPLIFIED)


def as_written(text: str) -> str:
    """Width and case folded, punctuation and spaces dropped, the script left as it is:
    two labels equal here match in the same script (甘肃省 and 甘肅省 do not).

    >>> as_written("甘肃省") == as_written("甘肅省"), as_written("Ｇ３１２") == as_written("g312")
    (False, True)
    """
    return _bare(unicodedata.normalize("NFKC", text).casefold(), keep_spaces=False)


def _bare(text: str, keep_spaces: bool) -> str:
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN":
            out.append(char)
        elif keep_spaces and (category[0] in "PZS"):
            out.append(" ")
    return " ".join("".join(out).split()) if keep_spaces else "".join(out)


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x2E80 for c in text)


def _strip_suffix(text: str, suffixes: tuple[str, ...], *, words: bool, least: int) -> str:
    for suffix in suffixes:
        if words:
            if text.endswith(" " + suffix) and len(text) - len(suffix) - 1 >= least:
                return text[: -len(suffix) - 1]
        elif text.endswith(suffix) and len(text) - len(suffix) >= least:
            return text[: -len(suffix)]
    return text


def keys(label: str, *, admin: bool = False) -> Keys:
    """The full, legal and stem keys of a label; ``admin`` also drops 省/市/区/县 from the stem.

    >>> keys("金川集团股份有限公司")
    Keys(full='金川集团股份有限公司', legal='金川集团', stem='金川')
    >>> keys("Jinchuan Group Co., Ltd.")
    Keys(full='jinchuangroupcoltd', legal='jinchuangroup', stem='jinchuan')
    >>> keys("沙市", admin=True).stem, keys("金昌市", admin=True).stem
    ('沙市', '金昌')
    """
    folded = fold(label)
    if _is_latin(folded):
        spaced = _bare(folded, keep_spaces=True)
        spaced = spaced.removeprefix("the ")
        legal = _strip_suffix(spaced, LEGAL_EN, words=True, least=1)
        generic = GENERIC_EN if admin else GENERIC_EN[:3]
        stem = _strip_suffix(legal, generic, words=True, least=3)
        return Keys(spaced.replace(" ", ""), legal.replace(" ", ""), stem.replace(" ", ""))
    full = _bare(folded, keep_spaces=False)
    legal = _strip_suffix(full, LEGAL_ZH, words=False, least=2)
    stem = _strip_suffix(legal, GENERIC_ZH, words=False, least=2)
    if admin:
        stem = _strip_suffix(stem, ADMIN_ZH, words=False, least=2)
    return Keys(full, legal, stem)


def to_traditional(text: str) -> str:
    """A traditional-character guess for a simplified label (unambiguous characters only).

    >>> to_traditional("中央电视台")
    '中央電視台'
    """
    return text.translate(_TO_TRADITIONAL)


def to_full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms.

    >>> to_full_width("S52金山")
    'Ｓ５２金山'
    """
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


# Short forms the article uses for the names of zones and parks, and the full forms other
# graphs write (金昌经开区 is 金昌经济技术开发区; 永昌工业园 is 永昌工业园区). Only a label
# that ends with a short form is expanded, and only to its full form.
ABBREVIATIONS = (
    ("经开区", "经济技术开发区"),
    ("高新区", "高新技术产业开发区"),
    ("工业园", "工业园区"),
)


def expansions(label: str) -> set[str]:
    """The full forms of a label that ends with one of the short forms above.

    >>> sorted(expansions("金昌经开区")), sorted(expansions("永昌工业园")), expansions("金昌市")
    (['金昌经济技术开发区'], ['永昌工业园区'], set())
    """
    base = unicodedata.normalize("NFKC", label).strip().strip("“”\"'「」『』")
    return {base[: -len(short)] + full for short, full in ABBREVIATIONS if base.endswith(short)}


def spellings(label: str, *, company: bool, admin: bool) -> set[str]:
    """Ways a remote graph may spell the same name, for exact look-ups.

    Args:
        label: one of our labels or aliases.
        company: add legal-form suffixes (有限公司 …, Co., Ltd.).
        admin: add or drop 省/市/区/县 (Province, City …).

    >>> sorted(spellings("金川区", company=False, admin=True))[:3]
    ['金川', '金川区', '金川區']
    """
    base = unicodedata.normalize("NFKC", label).strip()
    forms = {base}
    if _is_latin(base):
        if company:
            forms |= {f"{base} Co., Ltd.", f"{base} Company Limited", f"{base} Co. Ltd."}
        if admin:
            words = base.split()
            if len(words) > 1 and words[-1].casefold() in GENERIC_EN:
                forms.add(" ".join(words[:-1]))
            stem = " ".join(words[:-1]) if len(words) > 1 else base
            forms |= {f"{stem} {w}" for w in ("City", "District", "County", "Province")}
        return forms
    bare = base.strip("“”\"'「」『』")
    forms.add(bare)
    forms |= expansions(bare)
    if company:
        forms |= {bare + suffix for suffix in LEGAL_ZH[:3]}
        if not bare.endswith("集团"):
            forms |= {bare + "集团", bare + "集团有限公司"}
    if admin:
        for suffix in ADMIN_ZH:
            if bare.endswith(suffix) and len(bare) > 2:
                forms.add(bare[: -len(suffix)])
    forms |= {to_traditional(f) for f in forms}
    forms |= {to_full_width(f) for f in forms if any(c.isascii() and c.isalnum() for c in f)}
    return forms


_ID_SEPARATORS = re.compile(r"[\s\-_.]")


def identifier_key(value: str) -> str:
    """An identifier compared without width, case or separators: ``ｇ-312`` is ``G312``.

    >>> identifier_key(" ｇ３１２ ")
    'G312'
    """
    return _ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
