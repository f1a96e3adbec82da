"""Normalising indicator names and header texts so that the many ways people write them compare equal."""

from __future__ import annotations

import re
import unicodedata

_LEADING_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[0-9]{1,3}(?:[.．、)）:：]|\s)(?![0-9])"  # "9．", "9、", "9)", "9 " before a name
    r"|[（(][0-9一二三四五六七八九十]+[)）]"  # "（一）", "(3)"
    r"|[一二三四五六七八九十]+[、.．]"  # "三、"
    r")\s*"
)
_TRAILING_UNIT = re.compile(r"[（(][^（）()]{0,8}[)）]\s*$")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = str.maketrans("", "", "：:，,。；;“”\"'‘’")

# Traditional → simplified for the characters of indicator names, headers and units (names pasted from a
# converted document: 殘疾人…覆蓋率 is 残疾人…覆盖率). Pairs, traditional first; a character with two
# traditional forms (後/后, 復/複) is listed twice. Only one-to-one characters: no word-level conversion.
_TRADITIONAL_PAIRS = (
    "業业 兩两 個个 專专 義义 習习 鄉乡 書书 產产 優优 會会 體体 兒儿 黨党 關关 養养 冊册 農农 況况 準准 劃划 創创 辦办 務务 "
    "動动 勵励 區区 醫医 協协 單单 縣县 參参 發发 髮发 員员 園园 圍围 國国 圖图 備备 復复 複复 獎奖 學学 實实 審审 導导 盡尽 "
    "層层 屆届 歲岁 幫帮 幹干 乾干 庫库 應应 開开 當当 態态 總总 願愿 戶户 護护 報报 掛挂 換换 據据 數数 無无 時时 術术 機机 "
    "條条 構构 標标 欄栏 殘残 畢毕 滿满 點点 獨独 電电 療疗 蓋盖 礙碍 簽签 類类 係系 繫系 約约 級级 納纳 線线 綫线 組组 織织 "
    "絡络 統统 綜综 編编 繳缴 網网 職职 聯联 勝胜 藝艺 範范 獲获 穫获 補补 見见 規规 視视 覽览 計计 訂订 認认 訓训 講讲 設设 "
    "證证 語语 請请 讀读 課课 調调 賬账 貨货 質质 貼贴 費费 資资 載载 輔辅 達达 運运 適适 銷销 鎮镇 長长 閉闭 聞闻 閱阅 隊队 "
    "陽阳 險险 隨随 難难 項项 預预 領领 額额 風风 館馆 驗验 齊齐 齡龄 與与 為为 爲为 樂乐 於于 雲云 亞亚 眾众 衆众 們们 傳传 "
    "傷伤 價价 萬万 衛卫 衞卫 廳厅 歷历 壓压 變变 後后 聽听 啟启 問问 團团 聲声 處处 頭头 寧宁 寶宝 對对 將将 崗岗 廣广 莊庄 "
    "錄录 慣惯 戰战 擴扩 擇择 擁拥 損损 攜携 斷断 舊旧 顯显 極极 樣样 檢检 氣气 匯汇 彙汇 測测 濟济 災灾 熱热 愛爱 環环 現现 "
    "監监 確确 離离 種种 稱称 積积 穩稳 筆笔 籌筹 簡简 紅红 紀纪 練练 細细 終终 經经 結结 給给 績绩 續续 維维 聾聋 腦脑 藥药 "
    "營营 觀观 覺觉 評评 試试 詢询 該该 詳详 說说 談谈 負负 責责 貧贫 購购 貸贷 賽赛 車车 轉转 輪轮 輸输 邊边 過过 這这 進进 "
    "遠远 選选 遞递 鄰邻 釋释 錢钱 鐵铁 門门 間间 際际 陸陆 頁页 順顺 須须 頻频 題题 頒颁 飲饮 駐驻 齒齿 龍龙 裏里 裡里 並并 "
    "佔占 週周 臺台 檯台 節节 礎础 廁厕 響响 違违 權权 廠厂 築筑 療疗 綠绿 啞哑 癡痴 視视 聰聪 殯殡 撫抚 卹恤 衝冲 "
    "簡简 歸归 屬属 託托 兌兑 險险 億亿 廢废 貢贡 獻献 錯错 態态 糧粮 階阶 陰阴 療疗 術术 韌韧 勞劳 務务 職职 氣气 戲戏 劇剧"
)
_TRADITIONAL = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL_PAIRS.split()})


def simplified(text: str) -> str:
    """Traditional characters of the table above as simplified ones; every other character unchanged."""
    return text.translate(_TRADITIONAL)


def fold(text: str) -> str:
    """Full-width to half-width, no spaces at all, simplified characters: "指　標" and "指 标" both become "指标"."""
    return simplified(_SPACES.sub("", unicodedata.normalize("NFKC", text)))


def normalise_name(text: str) -> str:
    """The key two indicator names are compared by: no numbering, no unit bracket, no spacing or punctuation."""
    folded = simplified(unicodedata.normalize("NFKC", str(text)).strip())
    folded = _LEADING_NUMBERING.sub("", folded, count=1)
    folded = _SPACES.sub("", folded)
    while _TRAILING_UNIT.search(folded):
        folded = _TRAILING_UNIT.sub("", folded)
    return folded.translate(_PUNCTUATION).lower()


def trailing_unit(text: str) -> str | None:
    """The unit a label carries in brackets, e.g. "人数（万人）" → "万人"."""
    match = re.search(r"[（(]([^（）()]{1,8})[)）]\s*$", simplified(unicodedata.normalize("NFKC", str(text))))
    return match.group(1).strip() if match else None
