"""Japanese: 「...」 and 『...』, "山田太郎市長は記者会見で「...」と述べた。",
"「...」と、館長の小林美咲さんは話した。", "佐々木健一署長によると、「...」という。",
"「...」と話すのは、農家の田中一郎さん。" Roles and honorifics follow the name
("森田さおり課長", "田中氏")."""

from __future__ import annotations

from .lexicon import HanRules, strings

_TITLES = """
市長 副市長 知事 副知事 町長 村長 区長 大臣 首相 官房長官 長官 次官 事務次長 事務総長 総裁
議長 議員 委員長 委員 代表 社長 副社長 会長 理事長 頭取 部長 課長 局長 係長 署長 所長 院長
校長 園長 館長 店長 主任 教授 准教授 講師 研究員 医師 弁護士 検事 裁判長 監督 選手 コーチ
主将 広報担当者 担当者 広報担当 責任者 報道官 会頭 関係者 男性 女性 一人 住民 市民
大使 総領事 隊長 船長 機長 飼育員
"""

RULES = HanRules(
    code="ja",
    verbs=strings(
        """述べた 述べ 語った 語り 話した 話し 説明した 説明し 強調した 強調し 指摘した 指摘し
        訴えた 訴え 明らかにした 明らかにし 付け加えた 付け加え 答えた 答え 求めた 求め
        振り返った 述べる 語る 話す 話している 語っている 強調する 明かした 発表した 批判した
        呼びかけた 笑顔を見せた 胸を張った 意気込んだ"""
    ),
    titles=strings(_TITLES),
    times=strings("一日 二日 三日 四日 五日 六日 七日 八日 九日 十日 二十日 月曜日 火曜日 水曜日"),
    cuts=strings("の を に で と も が は へ や から まで より"),
    openers=strings("また 一方 さらに しかし ただ これに対し 試合後"),
    pronouns={"彼": "m", "彼女": "f"},
    referring=strings("同氏 同さん 同教授 同社長 同市長 同"),
    objects=(),
    surnames=frozenset(),
    honorifics=strings("氏 さん 様 君 ちゃん"),
)
