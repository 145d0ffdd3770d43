"""The demo city: 徐州市, its ten county-level areas (real GB/T 2260 codes) and their towns.

Town and street names are plausible rather than an exact copy of the current division.
Their 9-digit codes follow GB/T 10114: the county's code, then 001–099 for streets (街道)
and 100–199 for towns (镇).
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE = "320300"
CITY_NAME = "徐州市"


@dataclass(frozen=True)
class District:
    """A county-level area (县级行政区) with its towns and streets, and its share of employers."""

    code: str
    name: str
    weight: int  # urban districts host more employers than rural counties
    streets: tuple[str, ...]
    towns: tuple[str, ...]

    def subdivisions(self) -> list[tuple[str, str]]:
        """(code, name) of every street then every town."""
        streets = [(f"{self.code}{n:03d}", name) for n, name in enumerate(self.streets, 1)]
        towns = [(f"{self.code}{n:03d}", name) for n, name in enumerate(self.towns, 100)]
        return streets + towns


DISTRICTS = (
    District(
        "320302", "鼓楼区", 14,
        ("丰财街道", "牌楼街道", "环城街道", "黄楼街道", "琵琶街道", "铜沛街道", "九里街道",
         "大黄山街道", "大庙街道", "金山桥街道"),
        (),
    ),
    District(
        "320303", "云龙区", 13,
        ("彭城街道", "子房街道", "黄山街道", "骆驼山街道", "大郭庄街道", "翠屏山街道",
         "潘塘街道", "大龙湖街道", "汉风街道"),
        (),
    ),
    District(
        "320305", "贾汪区", 6,
        ("老矿街道", "大泉街道", "茱萸山街道", "潘安湖街道", "大吴街道"),
        ("青山泉镇", "紫庄镇", "塔山镇", "汴塘镇", "江庄镇"),
    ),
    District(
        "320311", "泉山区", 15,
        ("王陵街道", "永安街道", "湖滨街道", "段庄街道", "翟山街道", "奎山街道", "和平街道",
         "泰山街道", "金山街道", "七里沟街道", "桃园街道", "苏山街道", "庞庄街道"),
        (),
    ),
    District(
        "320312", "铜山区", 14,
        ("铜山街道", "三堡街道", "拾屯街道", "沿湖街道", "新区街道", "张集街道"),
        ("何桥镇", "黄集镇", "马坡镇", "郑集镇", "柳新镇", "刘集镇", "大彭镇", "汉王镇",
         "棠张镇", "房村镇", "伊庄镇", "单集镇", "利国镇", "大许镇", "茅村镇", "柳泉镇"),
    ),
    District(
        "320321", "丰县", 6,
        ("凤城街道", "中阳里街道", "孙楼街道"),
        ("华山镇", "欢口镇", "师寨镇", "首羡镇", "顺河镇", "常店镇", "宋楼镇", "大沙河镇",
         "王沟镇", "赵庄镇", "梁寨镇", "范楼镇"),
    ),
    District(
        "320322", "沛县", 7,
        ("沛城街道", "大屯街道", "汉兴街道", "汉源街道"),
        ("龙固镇", "杨屯镇", "胡寨镇", "魏庙镇", "五段镇", "张庄镇", "张寨镇", "敬安镇",
         "河口镇", "栖山镇", "鹿楼镇", "朱寨镇", "安国镇"),
    ),
    District(
        "320324", "睢宁县", 7,
        ("睢城街道", "金城街道", "睢河街道"),
        ("王集镇", "双沟镇", "岚山镇", "李集镇", "桃园镇", "官山镇", "高作镇", "沙集镇",
         "凌城镇", "邱集镇", "古邳镇", "姚集镇", "魏集镇", "梁集镇", "庆安镇"),
    ),
    District(
        "320381", "新沂市", 8,
        ("新安街道", "北沟街道", "唐店街道", "墨河街道"),
        ("瓦窑镇", "港头镇", "合沟镇", "草桥镇", "窑湾镇", "棋盘镇", "马陵山镇", "新店镇",
         "邵店镇", "双塘镇", "阿湖镇", "高流镇", "时集镇"),
    ),
    District(
        "320382", "邳州市", 10,
        ("运河街道", "东湖街道", "戴圩街道", "议堂街道"),
        ("岔河镇", "邳城镇", "官湖镇", "四户镇", "宿羊山镇", "八义集镇", "土山镇", "碾庄镇",
         "港上镇", "邹庄镇", "占城镇", "新河镇", "八路镇", "铁富镇", "陈楼镇", "车辐山镇",
         "燕子埠镇"),
    ),
)  # fmt: skip
