"""Korean couriers: the names shops and platforms write → tracker.delivery carrier ids.

Shops type the courier however they call it ("CJ대한통운", "대한통운", "CJ택배", "우체국");
Naver Commerce sends its own codes (``CJGLS``, ``HYUNDAI`` for 롯데택배, ``KGB`` for
로젠택배); Cafe24 sends the courier's Korean name. All of them land on one carrier id of
tracker.delivery, the id the tracking API takes. The table is product knowledge and ships
here; an unknown name is refused at import rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    id: str  # tracker.delivery carrier id
    name: str  # how the shopper knows it
    link: str  # the courier's public tracking page, {no} for the tracking number


CARRIERS: dict[str, Carrier] = {
    c.id: c
    for c in (
        Carrier("kr.cjlogistics", "CJ대한통운", "https://trace.cjlogistics.com/next/tracking.html?wblNo={no}"),
        Carrier("kr.epost", "우체국택배", "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={no}"),
        Carrier("kr.hanjin", "한진택배",
                "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnum={no}"),
        Carrier("kr.lotte", "롯데택배", "https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={no}"),
        Carrier("kr.logen", "로젠택배", "https://www.ilogen.com/web/personal/trace/{no}"),
        Carrier("kr.kdexp", "경동택배", "https://kdexp.com/service/delivery/etc/delivery.do?barcode={no}"),
        Carrier("kr.coupangls", "쿠팡 로지스틱스", ""),
        Carrier("kr.cupost", "CU 편의점택배", ""),
        Carrier("kr.cvsnet", "GS Postbox 택배", ""),
        Carrier("kr.daesin", "대신택배", ""),
        Carrier("kr.ilyanglogis", "일양로지스", ""),
        Carrier("kr.hdexp", "합동택배", ""),
        Carrier("kr.chunilps", "천일택배", ""),
    )
}

# Keys are compared after _key(): NFKC, no spaces or punctuation, lower case.
_ALIASES: dict[str, tuple[str, ...]] = {
    "kr.cjlogistics": ("CJ대한통운", "대한통운", "CJ택배", "CJ", "CJ로지스틱스", "CJ Logistics", "CJGLS"),
    "kr.epost": ("우체국택배", "우체국", "우체국소포", "우편등기", "우체국등기", "EPOST", "Korea Post"),
    "kr.hanjin": ("한진택배", "한진", "HANJIN"),
    "kr.lotte": ("롯데택배", "롯데", "롯데글로벌로지스", "현대택배", "HYUNDAI", "LOTTE"),
    "kr.logen": ("로젠택배", "로젠", "KGB", "LOGEN"),
    "kr.kdexp": ("경동택배", "경동", "KDEXP"),
    "kr.coupangls": ("쿠팡", "쿠팡택배", "쿠팡로지스틱스", "쿠팡로지스틱스서비스", "로켓배송", "쿠팡로켓배송", "CLS"),
    "kr.cupost": ("CU편의점택배", "CU택배", "CU포스트", "CUPARCEL", "CUPOST"),
    "kr.cvsnet": ("GS편의점택배", "GS택배", "GS포스트박스", "GSPostbox", "편의점택배", "CVSNET"),
    "kr.daesin": ("대신택배", "대신", "DAESIN"),
    "kr.ilyanglogis": ("일양로지스", "일양택배", "일양", "ILYANG"),
    "kr.hdexp": ("합동택배", "합동", "HDEXP"),
    "kr.chunilps": ("천일택배", "천일", "CHUNIL"),
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\(주\)|주식회사", "", text)
    return re.sub(r"[\s\-_.()·]", "", text).casefold()


_BY_KEY: dict[str, str] = {_key(alias): cid for cid, aliases in _ALIASES.items() for alias in aliases}
_BY_KEY.update({_key(cid): cid for cid in CARRIERS})


def carrier_id(name: str) -> str:
    """The tracker.delivery id for a courier as written, ``""`` when we do not know it."""
    return _BY_KEY.get(_key(name), "")


def display_name(carrier: str, fallback: str = "") -> str:
    known = CARRIERS.get(carrier)
    return known.name if known else (fallback or "택배사")


def tracking_link(carrier: str, tracking_no: str) -> str:
    """The courier's own tracking page, or tracker.delivery's public page for the rest."""
    number = quote(tracking_no, safe="")
    known = CARRIERS.get(carrier)
    if known and known.link:
        return known.link.format(no=number)
    if carrier:
        return f"https://tracker.delivery/#/{quote(carrier, safe='')}/{number}"
    return ""
