"""Name material for the demo city: people (姓名) and employers (单位名称)."""

from __future__ import annotations

from random import Random

# Common surnames with rough weights (per mille of the population, 百家姓 frequency order);
# a few with special readings (单, 解, 仇, 查, 翟, 曾) exercise the pinyin initials.
SURNAMES: dict[str, int] = {
    "王": 72, "李": 71, "张": 69, "刘": 54, "陈": 45, "杨": 31, "黄": 22, "赵": 22, "吴": 20,
    "周": 19, "徐": 17, "孙": 16, "马": 15, "朱": 14, "胡": 13, "郭": 11, "何": 11, "高": 10,
    "林": 10, "罗": 9, "郑": 9, "梁": 8, "谢": 7, "宋": 7, "唐": 6, "许": 6, "韩": 6, "冯": 5,
    "邓": 5, "曹": 5, "彭": 5, "曾": 5, "肖": 5, "田": 5, "董": 5, "袁": 4, "潘": 4, "于": 4,
    "蒋": 4, "蔡": 4, "余": 4, "杜": 4, "叶": 4, "程": 4, "苏": 4, "魏": 4, "吕": 4, "丁": 4,
    "任": 3, "沈": 3, "姚": 3, "卢": 3, "姜": 3, "崔": 3, "钟": 3, "谭": 3, "陆": 3, "汪": 3,
    "范": 3, "金": 3, "石": 3, "廖": 3, "贾": 3, "夏": 3, "付": 3, "方": 3, "白": 3, "邹": 3,
    "孟": 3, "熊": 3, "秦": 3, "邱": 3, "江": 3, "尹": 2, "薛": 2, "闫": 2, "段": 2, "雷": 2,
    "侯": 2, "龙": 2, "史": 2, "陶": 2, "贺": 2, "顾": 2, "毛": 2, "郝": 2, "龚": 2, "邵": 2,
    "万": 2, "钱": 2, "严": 2, "武": 2, "戴": 2, "孔": 2, "汤": 2, "单": 1, "解": 1, "仇": 1,
    "查": 1, "翟": 1, "葛": 1, "祁": 1, "满": 1, "刁": 1, "卞": 1,
}  # fmt: skip

MALE_GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
    "致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
FEMALE_GIVEN = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺"
    "媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹"
    "蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓"
    "欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初娇灵玛媚琪晴容睿"
)

# Employer names: a trade name (字号), a trade word for the industry section, a legal form.
TRADE_NAME_CHARS = (
    "恒达华鑫瑞宏盛兴泰安丰源通顺鼎正德信诚联合众远航天宇金银中海新锦博亚东方万嘉利隆昌永佳"
)
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("农业科技", "生态农业", "种植", "畜牧养殖", "水产"),
    "B": ("矿业", "煤业", "能源开发", "矿山机械"),
    "C": ("机械制造", "工程机械", "新材料", "食品", "纺织", "电子科技", "汽车零部件",
          "化工", "钢结构", "木业", "服饰", "光伏科技", "医疗器械", "包装"),
    "D": ("电力", "燃气", "热力", "水务"),
    "E": ("建设工程", "建筑安装", "市政工程", "装饰工程", "路桥工程"),
    "F": ("商贸", "百货", "超市", "五金交电", "医药连锁", "农资", "汽车销售"),
    "G": ("物流", "运输", "快递", "仓储", "公交"),
    "H": ("餐饮管理", "酒店", "快餐", "宾馆"),
    "I": ("信息技术", "软件", "网络科技", "数据服务"),
    "J": ("小额贷款", "融资担保", "农村商业银行"),
    "K": ("房地产开发", "物业管理", "置业"),
    "L": ("人力资源", "企业管理咨询", "广告", "保安服务", "劳务派遣"),
    "M": ("检测技术", "工程设计", "环境科技", "研究院"),
    "N": ("环境卫生", "园林绿化", "水利工程"),
    "O": ("家政服务", "汽车维修", "美容美发", "洗涤"),
    "P": ("教育咨询", "职业培训", "文化培训"),
    "Q": ("医院", "康复医疗", "养老服务"),
    "R": ("文化传媒", "体育发展", "演艺"),
}  # fmt: skip
COMPANY_FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司")
SHOP_WORDS = (
    "小吃店",
    "五金店",
    "超市",
    "便利店",
    "汽车修理部",
    "理发店",
    "经营部",
    "饭店",
    "商行",
)
# Names of units that are not companies, by the first two characters of their credit code.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "12": ("人民医院", "中心小学", "中学", "卫生院", "幼儿园", "社区卫生服务中心"),
    "51": ("个体劳动者协会", "商会", "物流协会", "餐饮行业协会"),
    "52": ("职业培训学校", "养老服务中心", "民办幼儿园", "康复中心"),
    "93": ("农民专业合作社", "种植专业合作社", "养殖专业合作社"),
    "N2": ("股份经济合作社", "经济合作社"),
    "Y1": ("商会服务中心", "工商联合会"),
}  # fmt: skip


def person_name(rng: Random, surnames: list[str], *, male: bool) -> str:
    """A surname drawn by frequency (`surnames` repeats each by its weight) and one or two
    given-name characters (two in most names born since the 1960s)."""
    given = MALE_GIVEN if male else FEMALE_GIVEN
    first = given[int(rng.random() * len(given))]
    if rng.random() < 0.25:
        return surnames[int(rng.random() * len(surnames))] + first
    second = given[int(rng.random() * len(given))]
    return surnames[int(rng.random() * len(surnames))] + first + second


def weighted_surnames() -> list[str]:
    """Every surname repeated by its weight, so a uniform draw follows the frequencies."""
    return [surname for surname, weight in SURNAMES.items() for _ in range(weight)]


def trade_name(rng: Random) -> str:
    return rng.choice(TRADE_NAME_CHARS) + rng.choice(TRADE_NAME_CHARS)


def company_name(rng: Random, *, district: str, industry: str, large: bool) -> str:
    """ "徐州恒达机械制造有限公司", "江苏鑫源物流股份有限公司", "鼓楼区华泰商贸有限公司"."""
    place = rng.choice(("徐州", "徐州", "徐州市", "江苏", district))
    form = "股份有限公司" if large and rng.random() < 0.4 else rng.choice(COMPANY_FORMS)
    return place + trade_name(rng) + rng.choice(TRADE_WORDS[industry]) + form


def shop_name(rng: Random, *, district: str) -> str:
    """A sole trader (个体工商户): "铜山区鑫盛五金店"."""
    return district + trade_name(rng) + rng.choice(SHOP_WORDS)


def unit_name(rng: Random, *, kind: str, district: str, street: str) -> str:
    """A public institution, association or co-operative: "铜山区何桥镇卫生院"."""
    return district + street + rng.choice(UNIT_WORDS[kind])
