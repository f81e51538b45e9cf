"""Money: exact yuan amounts, rounding to the fen, Chinese capitals (大写) via cn2an."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")


class MoneyError(ValueError):
    """A bad amount; `str()` gives 'Chinese / English'."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def yuan(value: object) -> Decimal:
    """An exact amount in yuan, rounded half up to the fen (floats are refused)."""
    if isinstance(value, float):
        raise MoneyError("金额不能用浮点数表示", "amounts must not be floats")
    try:
        amount = Decimal(str(value).replace(",", "").replace("¥", "").strip())
    except InvalidOperation as exc:
        raise MoneyError(f"无法识别的金额“{value}”", f"cannot read amount {value!r}") from exc
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal | str | int) -> Decimal:
    """`percent` % of `amount`, rounded half up to the fen."""
    return (Decimal(amount) * Decimal(str(percent)) / 100).quantize(FEN, rounding=ROUND_HALF_UP)


def capitals(amount: Decimal | str | int) -> str:
    """The amount in Chinese capitals, as contracts write it: 人民币壹佰壹拾壹万捌仟元整."""
    import cn2an

    value = yuan(amount)
    if value < 0:
        raise MoneyError("金额不能为负", "the amount cannot be negative")
    text = cn2an.an2cn(format(value, "f"), "rmb")
    if value == value.to_integral_value() and not text.endswith("整"):
        text += "整"
    return "人民币" + text


def parse_capitals(text: str) -> Decimal:
    """The figure written in Chinese capitals (人民币…元整 / 元…角…分)."""
    import cn2an

    cleaned = re.sub(r"^(人民币|RMB|￥|¥)", "", text.strip()).replace("圆", "元")
    cleaned = cleaned.removesuffix("整").removesuffix("正")
    try:
        value = cn2an.cn2an(cleaned, "smart") if "元" not in cleaned else _rmb(cleaned)
        return yuan(value)
    except (ValueError, KeyError, ArithmeticError) as exc:  # ArithmeticError: too many digits
        raise MoneyError(f"无法识别的大写金额“{text}”", f"cannot read capitals {text!r}") from exc


def _rmb(text: str) -> Decimal:
    import cn2an

    integer, _, rest = text.partition("元")
    value = Decimal(str(cn2an.cn2an(integer, "normal"))) if integer else Decimal(0)
    jiao = re.search(r"([零壹贰叁肆伍陆柒捌玖])角", rest)
    fen = re.search(r"([零壹贰叁肆伍陆柒捌玖])分", rest)
    digits = "零壹贰叁肆伍陆柒捌玖"
    if jiao:
        value += Decimal(digits.index(jiao.group(1))) / 10
    if fen:
        value += Decimal(digits.index(fen.group(1))) / 100
    return value


#: The characters amounts in capitals are written with (and the prefix and suffixes above).
CAPITAL_CHARACTERS = frozenset("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正人民币")


def read_capitals(text: str) -> Decimal:
    """Amount capitals as a person enters them: only the capital numerals (大写: 壹贰叁…, not
    一二三 or 123), a figure cn2an can read; MoneyError otherwise."""
    cleaned = re.sub(r"^(RMB|￥|¥)", "", text.strip())
    if not cleaned or not set(cleaned) <= CAPITAL_CHARACTERS:
        raise MoneyError(f"“{text}”不是大写金额（应写作如“人民币伍拾伍万玖仟元整”）",
                         f"{text!r} is not an amount in Chinese capitals "
                         "(e.g. 人民币伍拾伍万玖仟元整)")
    return parse_capitals(text)


def check_capitals(amount: Decimal | str, written: str) -> bool:
    """Whether the capitals written in a contract match the figure."""
    return parse_capitals(written) == yuan(amount)
