"""Characters named the way a clerk can act on them, in Chinese: 全角空格（U+3000）, 半角左括号“(”.

Messages never use the English Unicode names ("IDEOGRAPHIC SPACE"): a clerk needs to know
what the character is in words they use, what it looks like and, for a look-alike, which
character was meant.
"""

from __future__ import annotations

import unicodedata

_NAMED = {
    0x0020: "半角空格",
    0x3000: "全角空格",
    0x00A0: "不换行空格",
    0x0028: "半角左括号“(”",
    0x0029: "半角右括号“)”",
    0x005B: "方括号“[”",
    0x005D: "方括号“]”",
    0x002D: "半角短横线“-”",
    0x002E: "半角句点“.”",
    0x002C: "半角逗号“,”",
    0x003A: "半角冒号“:”",
    0x00B7: "间隔号“·”",
    0x30FB: "日文中点“・”",
    0x2022: "项目符号“•”",
    0x25CB: "圆圈符号“○”",
    0x3007: "汉字“〇”",
}
#: the character a look-alike stands in for
_MEANT = {0x30FB: "·", 0x2022: "·", 0x25CB: "〇"}
_INVISIBLE = {
    0x200B: "不可见的零宽空格", 0x200C: "不可见的零宽不连字", 0x200D: "不可见的零宽连字",
    0x2060: "不可见的单词连接符", 0xFEFF: "不可见的零宽不换行空格", 0x00AD: "不可见的软连字符",
    0x200E: "不可见的从左到右标记", 0x200F: "不可见的从右到左标记",
}
_SCRIPTS = (
    ("FULLWIDTH", "全角字符"), ("LATIN", "拉丁字母"), ("CYRILLIC", "西里尔字母"), ("GREEK", "希腊字母"),
    ("HIRAGANA", "日文平假名"), ("KATAKANA", "日文片假名"), ("HANGUL", "韩文字母"),
)


def describe(ch: str) -> str:
    """A character named in Chinese with its code point: “全角空格（U+3000）”,
    “康熙部首“⼭”（U+2F2D，应为“山”）”."""
    code = ord(ch)
    point = f"U+{code:04X}"
    if code in _NAMED:
        meant = f"，应为“{_MEANT[code]}”" if code in _MEANT else ""
        return f"{_NAMED[code]}（{point}{meant}）"
    if code in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Cc"):
        return f"{_INVISIBLE.get(code, '不可见的控制字符')}（{point}）"
    meant = unicodedata.normalize("NFKC", ch)
    if 0x2F00 <= code <= 0x2FDF or 0x2E80 <= code <= 0x2EFF:
        return f"部首“{ch}”（{point}，应为“{meant}”）" if meant != ch else f"部首“{ch}”（{point}）"
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        return f"兼容汉字“{ch}”（{point}，应为“{meant}”）" if meant != ch else f"兼容汉字“{ch}”（{point}）"
    if 0xFF10 <= code <= 0xFF19:
        return f"全角数字“{ch}”（{point}）"
    if ch.isdigit():
        return f"数字“{ch}”（{point}）"
    name = unicodedata.name(ch, "")
    for word, label in _SCRIPTS:
        if name.startswith(word) or f" {word} " in f" {name} ":
            return f"{label}“{ch}”（{point}）"
    if unicodedata.category(ch).startswith("Z"):
        return f"空白字符（{point}）"
    if unicodedata.category(ch).startswith("P") or unicodedata.category(ch).startswith("S"):
        return f"符号“{ch}”（{point}）"
    return f"字符“{ch}”（{point}）"
