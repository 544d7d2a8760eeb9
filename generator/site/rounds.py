"""What the pages say about a year's round when this repository holds no official list for it.

One place for the sentences every page family uses ("正式名单尚未发布", how a closed round
ended, why a measure has no applications), so the home page, the measure pages, the award
lists and the timeline cannot tell different stories. How a round ended is data: the
edition's `closure` (schema/edition.schema.json), read through `Snapshot.closure`.
"""

from __future__ import annotations

from ..model import OUTCOME_ELSEWHERE, OUTCOME_HERE, OUTCOME_NONE, OUTCOME_NOT_RECORDED, Closure
from ..pagetext import date, external_link, plain
from ..snapshot import Snapshot

#: A closed round in a few words, for the "当前步骤" line.
SHORT = {
    OUTCOME_HERE: "正式名单已通报",
    OUTCOME_ELSEWHERE: "正式名单已在本仓库之外发布",
    OUTCOME_NONE: "没有确定正式名单",
    OUTCOME_NOT_RECORDED: "在本仓库之外进行，结果没有收录在本仓库",
}


def short(closure: Closure) -> str:
    return SHORT.get(closure.outcome, "")


def list_state(snapshot: Snapshot, year: int) -> str:
    """Where a year's official list is, as one or two Markdown sentences (for a year without a
    published notice here; a year with one shows the notice itself)."""
    closure = snapshot.closure(year)
    if closure is None:
        return f"{year}年度{snapshot.programme.official_list}尚未发布。"
    if closure.outcome == OUTCOME_ELSEWHERE:
        title = f"《{plain(closure.title)}》" if closure.title else "通报"
        text = (f"{year}年度{snapshot.programme.official_list}已于{date(closure.date)}以{title}"
                f"（{plain(closure.document_number)}）发布，原文没有收录在本仓库中")
        text += f"，见{external_link(closure.url, '原文')}。" if closure.url else "。"
    elif closure.outcome == OUTCOME_NONE:
        text = f"{year}年度没有确定{snapshot.programme.official_list}。"
    elif closure.outcome == OUTCOME_NOT_RECORDED:
        text = f"{year}年度的工作已经结束，{snapshot.programme.official_list}没有收录在本仓库中。"
    else:
        text = f"{year}年度{snapshot.programme.official_list}已通报。"
    if closure.note:
        text += plain(closure.note)
    return text


def filings_state(snapshot: Snapshot, year: int, not_yet: str, what: str) -> str:
    """Why a year has no `what` (申报材料, 激励推荐名单) here: `not_yet` ("尚未收到申报材料")
    while the round goes on, else that this repository does not hold them."""
    if snapshot.closure(year) is None:
        return not_yet
    return f"本仓库没有收录{year}年度的{what}。"
