"""Phrases that name a topic without its word: one's size in numbers, how long a thing keeps, wishes.

``read_phrases(text)`` marks each with the topic word the built-in vocabulary groups (사이즈,
유통기한, 정기배송, 급여량) before the matcher analyses the text; a shop without an FAQ on that topic
simply does not know the word. Every pattern is bounded (hostile input stays fast).
"""

from __future__ import annotations

import re

from faq.vocab import UNIT_CONVERSION

# The shopper's own size, said as a number worn or a step up or down ("평소 245 신는데", "5미리 업",
# "반 치수 크게", "정사이즈예요?"): a question about sizing, whatever else the sentence names.
SIZE_TALK = re.compile(
    r"(?<![\d,])(?:2[1-9][05]|300)\s*(?:mm|미리|밀리)?\s*(?:을|를|이|가|도|은|는)?\s*(?:신|싣)"
    r"|(?<![\d,])(?:5|10|15)\s*(?:mm|미리|밀리)\s*(?:업|다운|크게|작게|큰|작은|늘려|줄여)"
    r"|(?<![\d,a-z])(?:44|55|66|77|88|xs|s|m|l|xl|xxl|2xl|3xl)\s*(?:사이즈)?\s*(?:을|를|이|가|도|은|는)?\s*입(?:는|어|고|으면|었)"
    r"|(?:반|한)\s*치수|정\s*사이즈"
)
# ... unless the sentence asks to swap, return or send something: then the size is the context of that
SIZE_ACTION = re.compile(r"교환|반품|환불|취소|바꿔|바꾸|바꿀|보내\s*주|부탁")

# How long something keeps, asked without the word: opened a while ago and still usable, kept unopened for
# years, the "12M" open-jar mark, made recently ("뜯은 지 한 달 된 크림 써도 돼요?", "미개봉이면 몇 년까지",
# "뚜껑에 12M 무슨 뜻", "최근에 만든 걸로 보내주나요"): the shop's shelf-life FAQ.
SHELF_LIFE = re.compile(
    r"(?:뜯은|뜯고|딴|따고|열고|열은|개봉한|개봉하고|개봉\s*후)\s*(?:지|나서|다음에?)?\s*[^?!.]{0,14}?"
    r"(?:써도|발라도|먹어도|사용해도|쓸\s*수|먹을\s*수|다\s*써야|다\s*먹어야)"
    r"|(?:안\s*뜯은|미개봉|뜯지\s*않은|개봉\s*안\s*(?:한|하고|하면))[^?!.]{0,16}?(?:몇\s*(?:년|달|개월)|언제까지|얼마나|아직)"
    r"|(?<!\d)(?:6|12|18|24|36)\s*m(?![a-z])(?=[^?!.]{0,20}(?:뜻|의미|mean|표시|마크|써\s*있|적혀))"
    r"|(?:최근에|얼마\s*안\s*된|갓)\s*만든|만든\s*지\s*얼마"
)

# Well-wishing and leave-taking ("주말 잘 보내세요", "좋은 하루 보내세요", "다음에 또 놀러 올게요"):
# 보내다 and 오다 here send nothing and come for nothing; the formula is read as no words at all.
WELL_WISHING = re.compile(
    r"(?:주말|하루|휴일|연휴|명절|추석|설날?|저녁|밤|오후|시간|한\s*주|일주일|휴가|방학|크리스마스|연말|새해)\s*"
    r"(?:도|은|는)?\s*(?:잘|즐겁게|행복하게|편안하게|편하게|좋게|알차게|따뜻하게|건강하게)?\s*보내(?:세요|셔요|시길|십시오|요|라|시고|셨)"
    r"|(?:다음에|담에|또|나중에)\s*(?:또\s*)?(?:놀러\s*)?(?:올게|오겠|들를게|들르겠|갈게|구경\s*올게)"
    r"|굿\s*나잇|굿\s*밤|잘\s*자요|좋은\s*꿈"
    r"|번창\s*하세요|번창하시|대박\s*나세요|(?:푹|편히|잘)\s*쉬세요|고생\s*(?:많으셨|많이\s*하셨|하셨|많으시|하시네|하시겠)\S*|수고\s*(?:많으셨|많으세요|하셨|하세요)\S*"
    r"|불금\s*(?:보내세요|되세요)|좋은\s*(?:하루|주말|밤|저녁|시간|꿈)\s*(?:되세요|돼요|보내세요|꾸세요)|(?:잘|아껴서|예쁘게|맛있게|오래오래)\s*(?:쓸|먹을|먹일|입을|입힐|신을|키울|마실)게요"
)

# A concept said without the shop's word for it (then grouped as the built-in vocabulary says)
# Measuring the pet or oneself ("줄자로 어디를 재요?", "재는 법"): a sizing question.
MEASURING = re.compile(r"줄자|(?:어디|어디를|어디서|어떻게)\s*(?:둘러서\s*)?재(?:야|요|나|면|는)|재는\s*(?:법|방법)")

# Sent again and again without ordering ("매달 알아서 보내주는 거", "한 달에 한 번씩 배달받을 수"): a subscription.
SUBSCRIPTION_TALK = re.compile(
    r"(?:매달|매월|매주|한\s*달에\s*한\s*번|주기적으로|정기적으로|알아서|자동으로|\d+\s*(?:주|달|개월|일)\s*마다|(?:한|두|세)\s*달\s*마다)\s*(?:씩\s*)?"
    r"[^?!.]{0,8}?(?:보내\s*주|배달|배송|받|오게|오도록|와요|오나요)"
)

# How much to feed, asked without the word ("얼만큼 줘야", "하루에 몇 그람", "먹는 양"): the feeding amount.
FEEDING_TALK = re.compile(
    r"(?:얼만큼|얼마만큼|몇\s*(?:그람|그램|알|스푼|컵))\s*(?:씩\s*)?(?:줘|주|먹여|먹이)|먹는\s*양"
)

# Where or how to keep food ("냉장고에 넣어야 돼요?", "바로 안 먹으면 어떻게 둬요", "며칠 안에 먹어야"): storage.
STORAGE_TALK = re.compile(
    r"냉장고|냉동실|냉장실|김치냉장고|(?:어떻게|어디에?)\s*(?:둬|두어|두면|보관)|며칠\s*안에\s*(?:다\s*)?먹|얼마나\s*버티"
)

# A present whose price must not show ("가격 안 보이게", "영수증 빼고"): the shop's gift-wrapping topic.
GIFT_TALK = re.compile(r"가격(?:표)?\s*(?:이|은|는|가)?\s*안\s*보이|가격\s*(?:나온|적힌|찍힌|보이는)\s*(?:종이|거|것|영수증|택|명세서)\S{0,2}\s*(?:은|는)?\s*(?:빼|안\s*(?:들어|넣))|영수증\s*(?:같은\s*(?:거|것)\s*)?(?:은\s*)?(?:빼|안\s*(?:들어|넣))")

# Many at once for a company or an event ("회사 행사 40개", "we need 30 gift sets"): a bulk order.
BULK_TALK = re.compile(
    r"\b(?:need|order|ordering|want|buy|get)\s+(?:around\s+|about\s+|roughly\s+)?(?:[2-9]\d|[1-9]\d{2,3})\s+[a-z]+s\b|"
    r"(?<![\d,.])(?:[2-9]\d|[1-9]\d{2,3})\s*(?:개|세트|박스|권|set|sets|boxes|pcs)[^?!.]{0,16}?(?:주문\s*(?:가능|하려|할|하고)|만들|맞추|맞출|제작|필요|need|할인|discount|미리|in advance)"
)


# A day it must come by ("월요일까지 꼭 받아야 되는데", "생일 전엔 받을 수 있어요?"): when it will arrive, unless
# what must come by then is money back, an answer, a document or a large order (its own FAQ says when)
DEADLINE_TALK = re.compile(
    r"(?:까지|전에|전엔|전까지|안에|안으로|내로|이내에?)\s*(?:는\s*)?(?:꼭\s*|무조건\s*|좀\s*|제발\s*|꼭좀\s*)?"
    r"(?:받아\s*(?:야|볼|보)|받을\s*수|받[겠을나]|도착\s*(?:해야|할|하나|하겠|가능)|와야|올\s*수|오[나겠]|올까)"
)
# When it would come, asked by the day ("낼모레쯤은 받아볼 수 있을까요?", "모레 도착해요?"): delivery time.
ARRIVAL_TALK = re.compile(
    r"(?:내일|낼|모레|낼모레|내일모레|이번\s*주|주말|다음\s*주)\s*(?:쯤|까지|안에|중에|중으로|에)?\s*(?:은|는|엔|에는|이면)?\s*"
    r"(?:받아\s*(?:볼|보|봐)|받을\s*수|도착(?:해요|하나|할까|할\s*수|하겠)|올까|오나|와요\s*\?)"
)
# How long after ordering ("주문하면 보통 며칠만에 와요", "결제했는데 보통 언제쯤 보내주세요?"): delivery time.
ORDER_THEN_WHEN = re.compile(
    r"(?:주문|결제|구매|시키|시켰)\S{0,4}\s*(?:\S{1,10}\s+)?(?:보통\s*|대략\s*|대충\s*|평균\s*|한\s*)?(?:며칠|몇\s*일|몇일|언제쯤?|얼마나|얼마\s*만에)\s*"
    r"(?:만에|안에|뒤에?|후에?|쯤|정도|이면|걸려|걸리)?\S{0,2}\s*(?:집에\s*|저희\s*집에\s*|우리\s*집에\s*)?(?:받|와|오|도착|보내|발송|출고|나가|배송)"
    # by a day: "목욜 밤에 결제하면 토요일엔 못받는거죠?", "토욜에 주문하면 일요일에 받아볼수 있음?"
    r"|(?:주문|결제)\S{0,3}\s*(?:하면|넣으면|해도|하고)\s*[^?]{0,15}?(?:요일|내일|모레|주말)\S{0,3}\s*(?:\S{1,6}\s+)?(?:못\s*)?(?:받|도착|와요|오나|올까)"
)
NOT_DELIVERY = re.compile(
    r"반품|환불|교환|취소|적립|쿠폰|포인트|답변|답장|연락|회신|견적|계산서|영수증|입금|대량|단체|기념품|로고|[1-9]\d+\s*(?:세트|권|개|박스|명|장)"
)


# A remark, not a question: it ends on an exclamation ("고양이가 택배 박스를 엄청 좋아하네요", "잘 받았어요 맛있더라고요")
# and asks nothing. No FAQ answers it; a report said this way ("찢어져서 왔네요") is triage's before matching.
_REMARK_END = re.compile(
    r"(?:네요|네용|네여|네|군요|더라고요|더라구요|더라|반가워요|반가워용|반갑습니다|반가워|감사해요|감사합니다|감사드려요|고마워요|고맙습니다"
    r"|번창하세요|쉬세요|수고하세요|힘들었어요|들어갈게|갈게|친절하셨어요|친절하세요|좋았어요|싶었어요|감동이에요|최고예요"
    r"|그렇다구요|그렇다고요|그렇다구용|맛있게\s*먹었어요|좋아해요|좋아하네요|기분\s*최고|잘\s*먹었어요|잘\s*받았어요|연락\s*드려요|연락\s*드립니다|전해\s*주세요|전해\s*주셔요|wrong chat|lol)[\s~!.ㅎㅋ^ㅠㅜ]*$"
)
_ASKS = re.compile(r"\?|언제|어떻게|얼마|며칠|몇|뭐|무슨|어디|왜|되나|가능|할까|있나|주세요|싶어|해\s*줘|해\s*주|궁금|알려|까요|어떤|나요")

# Talk of the weather ("오늘 서울 비 온대요?", "이번주 가평 날씨 어때요? 비온다던데"), not a question whether the parcel,
# the plant or the tent survives it ("이런 날씨에도 보내시나요?", "비 온다는데 텐트 안으로 물 안 새겠죠?")
_WEATHER = re.compile(r"날씨\s*(?:가\s*)?(?:어때|어떄|좋|춥|덥|괜찮|장난|미쳤)|(?:비|눈)\s*소식|장마\s*(?:언제|끝|시작|기간)|(?:비|눈)\s*(?:가|이)?\s*(?:온대|온다던데|온다네|온다고\s*하|엄청\s*오|많이\s*오|오네|왔네)")
_WEATHER_MATTERS = re.compile(r"배송|택배|보내|발송|출고|배달|도착|받|포장|상자|박스|새(?:요|나|지|겠|는)|샐|샌|젖|방수|얼(?:어|까|지|면)|망가|고장|상하|녹")


# When the money comes back ("반품하면 환불은 며칠 걸려요?"): only an answer that speaks of 환불 answers it
REFUND_WHEN = re.compile(
    r"환불\S{0,3}\s*(?:은|는|이|가|까지)?\s*(?:보통\s*|대략\s*|대충\s*)?(?:며칠|몇\s*일|몇일|언제|얼마나\s*걸|얼마\s*만에|기간)"
    r"|(?:how\s+long|when)\b[^?]{0,40}\b(?:refund|money\s+back)"
)


# Asking whether the shop knows something of the world ("근처 맛집 아세요?", "붓기 빼는 마사지 아세요?"): in every
# eval round such a message was chit-chat or a person's, never an FAQ's; not "빨리 나아세요" (a wish).
_DO_YOU_KNOW = re.compile(r"(?<![가-힣])(?:아세요|아시나요|아시는\s*(?:분|곳|데|지)|아시면|(?<!어떻게\s)(?<!어떻게)(?:알아요|아나요)\s*\?)"
                          r"|\bdo\s+you\s+(?:know|happen\s+to\s+know)\b"
                          # a place near the shopper asked for ("집근처 구두수선집 추천해주세요")
                          r"|(?:집\s*근처|근처|주변|동네)\S{0,2}\s*(?:\S{1,10}\s+)?\S*(?:집|점|가게|샵|센터|병원|맛집|카페|수선실)\S{0,2}\s*(?:좀\s*)?(?:추천|알려|어디)")


def asks_what_you_know(text: str) -> bool:
    """True for "…아세요?": a question about the world, not about this shop's FAQ."""
    return bool(_DO_YOU_KNOW.search(text))


# Browsing, said on coming in ("원목가구 구경하다 들어왔어요 ㅎㅎ", "원두 구경하러 왔습니당"): a greeting, no question
_BROWSING = re.compile(r"구경\s*(?:하다가?|하러|하는\s*중|중이|왔|했|해요|할게|좀\s*할게)|처음\s*(?:와\s*봐|와\s*봤|왔어|들어와\s*봤)"
                       # a message meant for someone else ("아 잘못보냈어요 친구한테 보낼거였는데")
                       r"|잘못\s*(?:보냈|보내졌|보냄|보내버렸)\S{0,3}\s*[^?]{0,15}?(?:한테|에게|방에)\s*보낼")


def is_remark(text: str) -> bool:
    """True for a remark that asks nothing ("택배 박스를 엄청 좋아하네요"); "배송 빠르네요 언제 또 세일해요?" asks."""
    stripped = re.sub(r"[^\w\s?~!.^]", "", text).strip()
    if _WEATHER.search(text) and not _WEATHER_MATTERS.search(text):
        return True  # the weather, asked about or remarked on: nothing a shop's FAQ answers
    return bool(_REMARK_END.search(stripped) or WELL_WISHING.search(stripped) or _BROWSING.search(text)) and not _ASKS.search(text)


# An option that sets the scene for a question of time ("이니셜 새김 추가하면 출고 더 늦어져요?", "각인 넣으면 발송이
#더 늦어지나요?"): what is asked is how long, so the option's words are set aside
OPTION_THEN_TIME = re.compile(
    r"^[^?.!]{2,40}?(?:하면|넣으면|시키면|새기면|주문하면|추가하면|넣어도|해도)\s+"
    r"(?=[^?.!]{0,20}?(?:더\s*(?:늦|걸리|걸려|오래)|며칠\s*더|늦어지|늦어져|늦춰지|늦게\s*(?:와|오|나가|보내|출고|발송)))"
)


def read_phrases(lowered: str) -> str:
    """The concepts above marked with their topic word; wishes and unit conversion set aside."""
    lowered = OPTION_THEN_TIME.sub(" ", lowered)
    lowered = UNIT_CONVERSION.sub(" 환산 ", WELL_WISHING.sub(" . ", lowered))
    lowered = SHELF_LIFE.sub(lambda m: f" {m.group(0)} 유통기한 ", lowered)
    lowered = SUBSCRIPTION_TALK.sub(lambda m: f" {m.group(0)} 정기배송 ", lowered)
    lowered = FEEDING_TALK.sub(lambda m: f" {m.group(0)} 급여량 ", lowered)
    lowered = STORAGE_TALK.sub(lambda m: f" {m.group(0)} 보관 ", lowered)
    lowered = GIFT_TALK.sub(lambda m: f" {m.group(0)} 선물포장 ", lowered)
    lowered = BULK_TALK.sub(lambda m: f" {m.group(0)} 대량주문 ", lowered)
    if not NOT_DELIVERY.search(lowered):
        lowered = DEADLINE_TALK.sub(lambda m: f" {m.group(0)} 배송 ", lowered)
        lowered = ARRIVAL_TALK.sub(lambda m: f" {m.group(0)} 배송 ", lowered)
        lowered = ORDER_THEN_WHEN.sub(lambda m: f" {m.group(0)} 배송 ", lowered)
    if not SIZE_ACTION.search(lowered):
        lowered = MEASURING.sub(lambda m: f" {m.group(0)} 사이즈 ", SIZE_TALK.sub(lambda m: f" {m.group(0)} 사이즈 ", lowered))
    return lowered
