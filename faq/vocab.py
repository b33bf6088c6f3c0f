"""Korean commerce vocabulary every shop gets, so an owner's three to five example questions suffice.

:data:`GROUPS` are words shoppers use for one thing, most specific first. For each group the
matcher picks the first word the shop's FAQ uses (in a keyword or an example question) and
reads every other word of the group as that one: a shop that wrote 반품 understands 리턴 and
돌려보내다; a shoe shop that wrote only 사이즈 understands 발볼 and 발길이 as 사이즈. A word the
shop uses itself is never rewritten. :data:`ENGLISH` turns English words and loanword phrases
into their Korean topic word before analysis ("when will my order ship" -> 언제 주문 배송).
"""

from __future__ import annotations

import re

from faq.vocab_kinds import KIND_GROUPS

GROUPS: tuple[tuple[str, ...], ...] = (
    ("취소", "캔슬", "철회", "취쇼", "츼소", "주문취소", "무르다", "물러 주", "물러주", "없던 걸로", "없던걸로"),
    ("반품", "리턴", "반송", "돌려보내다", "되돌려보내다", "돌려보낼", "되돌려보낼", "돌려 보낼", "무르다", "물리려",
     "물릴 수", "물러 주", "물러주", "반풍", "빤품", "반춤"),
    ("환불", "리펀드", "리펀", "환뷸", "환볼", "돈 돌려받다"),
    ("교환", "교체", "체인지", "교한", "굑환", "교황", "바꾸다", "바꿔주다"),
    ("배송", "택배", "배달", "딜리버리", "배숑", "뱃송", "배송받다"),
    ("출고", "발송", "출하", "출발", "배송"),
    ("도착", "도착하다", "배송"),
    ("송장", "운송장", "송장번호", "운송장번호", "운송장 번호", "송장 번호", "배송조회", "조회", "배송", "발송", "출고"),
    ("묶음배송", "묶음", "합배송", "합포장", "한꺼번에", "한 박스", "한박스", "같이 보내다", "따로따로", "합쳐서 보내",
     "합쳐서 배송", "나눠서 결제", "따로 결제", "따로따로 결제", "번들"),
    ("사이즈", "치수", "싸이즈", "사이쥬", "사이즈표", "실측", "호수"),
    ("핏", "타이트", "넉넉하다", "넉넉", "오버핏", "슬림핏", "정사이즈", "작게 나오", "크게 나오", "작게 나왔", "크게 나왔",
     "작게 나온", "크게 나온", "사이즈"),
    ("기장", "총장", "어깨너비", "단면", "가슴 품", "품", "가슴단면", "허리단면", "소매길이", "밑위", "둘레", "사이즈"),
    ("발볼", "볼", "발등", "발길이", "발 길이", "발폭", "사이즈"),
    # When will it come: delivery-time phrasing read as the shop's shipping word (머칠: a common typo)
    ("배송", "출고", "도착", "며칠이면 와", "며칠이면 오", "머칠이면 와", "머칠이면 오", "일이면 와", "일이면 오",
     "하루면 와", "언제 받아", "언제 받을", "언제 받나", "언제 받는", "언제쯤 와", "언제쯤 오", "언제쯤 올", "오늘 나가",
     "오늘 나갈", "오늘 출발", "마감 시간", "마감시간", "배송기간", "배송 기간", "내일 받", "낼 받", "내일 와",
     "언제쯤 받", "언제옴", "언제 옴", "오늘 보내", "내일 나가", "낼 나가", "주문 마감", "몇시까지 주문", "몇 시까지 주문",
     "낼 와", "모레 받", "모레까지 받", "전에 받", "전에 와", "전에 오", "금방 와", "금방 오",
     "빨리 받", "빨리 와", "빨리 오", "언제 보내", "언제 보내주", "언제 나가", "오래 걸리", "얼마나 걸리",
     "얼마나 기다", "몇칠 걸", "며칠 걸", "며칠 기다", "받기까지", "도착까지", "언제 도착", "나가나요", "나가나여",
     "나가는지", "나갈까요", "나가죠", "나가는 거", "나가는거", "나가는 게", "주에 나가", "바로 나가", "바로 보내주", "바로 출고", "바로 발송", "당일 출고",
     "당일 발송", "며칠이면 받", "몇일이면 받", "몇일이면 와", "몇일이면 오", "몇일 걸", "며칠 만에 받", "며칠만에 받",
     "몇일 만에 받", "몇일만에 받"),
    ("인덕션", "전기레인지", "전기 레인지", "라디언트", "하이라이트", "인덕션레인지", "가스레인지", "가스불", "열원",
     "화구"),
    ("식기세척기", "식세기", "식기 세척기", "식세척기"),
    ("재입고", "솔드아웃", "다시 들어오다", "재고", "입고", "품절", "단종", "재입꼬", "재잆고", "재입코", "리스탁",
     "리스톡", "다시 판매", "다시 팔다", "재판매", "재생산", "다시 채워", "다시 풀리", "다시 풀림",
     "다시 나와", "다시 나오", "다시 들어와"),
    ("배송비", "택배비", "배달비", "배송료", "택배 요금", "택배요금", "배송 요금", "무배", "무료배송", "무료 배송"),
    # Made for the order: how long making takes, for a shop whose FAQ says 제작
    ("제작", "만드는데", "만드는 데", "만드는 기간", "만들어서 보내", "만드시는 데", "만드시는데", "만드는 시간"),
    # Repairs and colours, for any shop that has an FAQ on them (수선 is off-topic for the others)
    ("수선", "수리", "고쳐 주", "고쳐주", "고칠 수", "고쳐야", "고치다", "에이에스", "a/s", "수선비", "수리비"),
    ("색상", "컬러", "색깔", "칼라", "색감", "빨강", "빨간색", "레드", "와인색", "버건디", "네이비", "남색", "베이지",
     "아이보리", "카키", "올리브", "그레이", "회색", "브라운", "갈색", "블랙", "검정", "검은색", "화이트", "흰색", "핑크", "분홍",
     "민트", "하늘색", "파란색", "노란색", "초록색"),
    *KIND_GROUPS,  # words of one kind of shop each (faq/vocab_kinds.py)
    # Places: a town named is where it goes; read as 지역 for every shop (see ALWAYS_GROUPS)
    ("지역", "지방", "수도권", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "경기도", "강원", "강원도",
     "충북", "충남", "충청도", "전북", "전남", "전라도", "경북", "경남", "경상도", "수원", "성남", "고양", "용인", "파주",
     "김포", "부천", "안양", "안산", "평택", "의정부", "남양주", "하남", "일산", "분당", "판교", "동탄", "송도", "운정",
     "청주", "천안", "창원", "포항", "김해", "원주", "춘천", "강릉", "여수", "순천", "목포", "구미", "강남", "강북",
     "마포", "홍대", "잠실", "송파", "서초", "시골"),
    # Islands and remote places: what they cost to reach is 도서산간's (off-topic unless the shop's FAQ says it)
    ("도서산간", "울릉도", "울릉", "백령도", "연평도", "흑산도", "섬 지역", "섬지역", "도서 지역", "도서지역", "산간 지역", "산간지역"),
    ("만년형", "날짜 없는", "날짜없는", "날짜가 없는", "날짜 안 적힌", "날짜 안 박힌", "날짜 인쇄", "언데이트",
     "중간부터", "아무 때나 시작", "아무때나 시작", "날짜"),
)

# Words owners put in FAQ titles that name no topic ("배송 안내", "교환 방법")
TITLE_FILLER = frozenset({"안내", "방법", "정책", "관련", "기간", "절차", "규정", "정보"})
# Question words name no topic: two example questions sharing 언제 do not make it an anchor
QUESTION_WORDS = frozenset({"언제", "어디", "얼마", "왜", "몇", "무슨", "어느", "누구", "어떤"})
# Keywords that set the scene: 오늘 anchors an FAQ only beside another of its words ("오늘 비 오네요" asks nothing)
SCENE_WORDS = frozenset({"오늘", "내일", "지금", "언제", "요즘", "주말", "평일"})

# Groups read as their first word in every shop, whether or not the shop uses it: a town is a 지역.
ALWAYS_GROUPS = frozenset({"지역", "도서산간"})

# Services many shops do not offer. A shop whose FAQ uses no word of one of these groups has no answer
# for it: the group's name is off-topic there ("정기배송 돼요?" to a bakery is not its shipping FAQ).
SERVICE_TOPICS = frozenset({"정기배송", "단체주문", "묶음배송"})

# What a return or an exchange costs to send: read as one term, answered by the FAQ whose
# answer states a price and names returns or exchanges (see Matcher), never the shipping FAQ.
RETURN_COST_TERM = "반품비"
RETURN_COST: tuple[str, ...] = (
    "반품비", "반품 배송비", "반품 택배비", "반송비", "왕복배송비", "왕복 배송비", "왕복 택배비", "왕복택배비",
    "교환 배송비", "교환 택배비", "반품 비용", "교환 비용", "편도 배송비", "편도배송비",
)



def cost_action(phrase: str) -> str:
    """The return or exchange a cost phrase names (교환 택배비 -> 교환), if it names one."""
    return next((w for w in ("반품", "교환") if phrase.startswith(w)), "")


# Shipping words that are only the context of a cancel, return or exchange ("출고 전에 취소"),
# and the cost of a return (RETURN_COST_TERM): an FAQ anchored only by them yields to one anchored by an action word.
SHIPPING_CONTEXT: tuple[str, ...] = ("배송", "출고", "발송", "도착", "택배", "배달")
ACTION_WORDS: tuple[str, ...] = ("취소", "반품", "환불", "교환")

# English words and phrases -> the Korean word a shop's FAQ uses (then grouped as above).
ENGLISH: dict[str, str] = {
    "how much is shipping": "배송비", "how much is delivery": "배송비", "shipping fee": "배송비",
    "shipping cost": "배송비", "shipping charge": "배송비", "delivery fee": "배송비", "delivery charge": "배송비",
    "free shipping": "무료배송", "shipping free": "무료배송", "free delivery": "무료배송", "delivery free": "무료배송", "how much": "얼마", "how long": "며칠 걸리다", "how many days": "며칠 걸리다", "sold out": "품절",
    "back in stock": "재입고", "one shipment": "묶음배송", "one box": "묶음배송",
    "when": "언제", "ship": "배송", "ships": "배송", "reach me": "도착", "get here": "도착", "handmade": "제작",
    "made to order": "제작", "sizes": "사이즈", "tarnish": "변색", "tarnished": "변색", "elevator": "엘리베이터", "lift": "엘리베이터",
    "stairs": "계단", "assemble": "조립", "assembly": "조립", "knot": "옹이", "ring size": "호수", "allergic": "알레르기",
    "sensitive ears": "예민한 귀", "clean it": "관리", "polish": "광택", "shipping": "배송", "shipped": "배송", "deliver": "배송", "delivery": "배송",
    "delivered": "배송", "arrive": "도착", "arrival": "도착", "order": "주문", "return": "반품", "returns": "반품",
    "refund": "환불", "returning": "반품", "returned": "반품", "exchange": "교환", "swap": "교환", "cancel": "취소", "cancellation": "취소", "size": "사이즈",
    "sizing": "사이즈", "fit": "핏", "restock": "재입고", "tracking": "송장", "combine": "묶음배송",
    "bundle": "묶음배송", "price": "가격", "cost": "얼마", "fee": "얼마", "overseas": "해외", "abroad": "해외",
    "international": "해외", "japan": "해외", "usa": "해외", "us": "해외", "china": "해외", "canada": "해외",
    "coupon": "쿠폰", "point": "적립금", "points": "적립금", "induction": "인덕션", "dishwasher": "식기세척기",
    "send back": "반품", "send it back": "반품", "watering": "물주기", "water the": "물주기", "water it": "물주기",
    "water my": "물주기", "repot": "분갈이", "repotting": "분갈이", "sunlight": "햇빛", "afternoon sun": "햇빛",
    "initials": "각인", "my initials": "각인", "my name on": "각인", "personalize": "각인", "personalise": "각인",
    "personalized": "각인", "custom name": "각인", "wholesale": "대량주문", "corporate order": "대량주문",
    "corporate orders": "대량주문", "bulk order": "대량주문", "bulk orders": "대량주문",
    "engrave": "각인", "engraving": "각인", "emboss": "각인", "monogram": "각인", "dotted": "모눈", "grid": "모눈",
    "paper weight": "평량", "undated": "만년형", "without dates": "만년형", "without printed dates": "만년형", "restocked": "재입고", "in stock": "재입고",
    "sensitive skin": "민감성 피부", "sensitive": "민감성", "skin type": "피부 타입", "oily": "지성", "dry skin": "건성",
    "acne": "트러블", "ingredients": "성분", "preservative": "첨가물", "preservatives": "첨가물", "artificial color": "색소",
    "artificial colors": "색소", "artificial colours": "색소", "ingredient": "성분", "alcohol": "알코올", "fragrance": "향료",
    "expiry": "유통기한", "expiration": "유통기한", "expiration date": "유통기한", "best before": "유통기한",
    "sample": "샘플", "samples": "샘플", "free gift": "사은품", "gift": "사은품", "feed": "급여량",
    "how much should i feed": "급여량", "portion": "급여량", "harness": "하네스", "subscription": "정기배송",
    "subscribe": "정기배송", "changed my mind": "반품", "ih": "인덕션", "gluten": "글루텐", "vegan": "비건", "allergy": "알레르기", "nuts": "견과류",
    "power bank": "보조배터리", "powerbank": "보조배터리", "makgeolli": "막걸리", "gift wrap": "선물포장", "gift wrapping": "선물포장", "gift box": "선물포장", "bulk": "대량주문", "skip": "정기배송", "free shipping over": "무료배송", "tv": "티비",
    "case": "케이스", "cases": "케이스", "iphone": "아이폰", "galaxy": "갤럭시", "screen protector": "필름",
    "screen protectors": "필름", "tempered glass": "필름", "bouquet": "꽃다발", "flowers": "꽃", "flower": "꽃",
    "today": "오늘", "same day": "당일", "same-day": "당일", "vase": "화병", "photo": "사진", "picture": "사진",
    "grind": "분쇄", "ground": "분쇄", "grinding": "분쇄", "beans": "원두", "decaf": "디카페인", "roast": "로스팅",
    "roasted": "로스팅", "anonymous": "익명", "anonymously": "익명", "get to me": "도착", "reach me by": "도착", "reed sticks": "스틱",
    "reeds": "스틱", "swap out": "교체", "replace the": "교체", "lumens": "밝기", "bright": "밝기", "brightness": "밝기",
    "steep": "우려", "brew": "우려", "caffeine": "카페인", "pregnant": "임산부", "teapot": "다구", "tasting": "시음",
    "hydrostatic head": "내수압", "waterproof": "방수", "heavy rain": "방수", "rain": "비", "sterilize": "소독",
    "sterilizing": "소독", "sterilise": "소독", "boil": "소독", "soot": "그을음", "wick": "심지", "burn": "연소",
    "fabric": "소재", "material": "소재", "machine wash": "세탁", "washing machine": "세탁기", "scent": "향",
    "scents": "향", "fragrance free": "무향", "unscented": "무향", "weekday": "평일", "go out": "발송", "dispatch": "발송",
    "kit": "키트", "beginner": "초보", "tutorial": "영상", "video": "영상", "needle": "바늘", "needles": "바늘", "yarn": "실",
    "knitting": "뜨개", "crochet": "코바늘", "dye lot": "로트",
    "dispatched": "발송", "first time": "처음", "leaves": "찻잎", "grams": "그램", "repair": "수선", "fix it": "수선",
    # round 18's English (spent): more of the words shoppers write
    "hand wash": "손세척", "hand washing": "손세척", "wheat": "밀", "nickel": "니켈", "nickel free": "니켈 프리", "wash": "세탁", "washing": "세탁", "take care": "관리",
    "care for": "관리", "leather": "가죽", "pickup": "픽업", "pick up": "픽업", "in advance": "미리", "heavy": "무게",
    "weight": "무게", "how heavy": "무게", "year old": "개월", "months old": "개월", "age": "연령", "strap": "끈",
    "laptop": "노트북", "tunnel": "터널링", "tunneling": "터널링", "lettering": "레터링", "candle": "캔들",
}
_ENGLISH = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True)) + r")\b")
# Questions whose meaning lies in how the words combine ("how long" is shipping time, "how long does it last"
# is shelf life): read before the single words above.
_ENGLISH_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"\bhow long (?:do|does|will|would|can|should)\b[\w\s]{0,40}?\b(?:last|keep|stay fresh|stay good|be good)\b", "유통기한"),
        (r"\b(?:shelf[ -]?life|use[ -]?by|good until|keep for|lasts?|expire[sd]?|(?:after|once) open(?:ing|ed)?)\b", "유통기한"),
        (r"\bhow (?:much|many)\b[\w\s]{0,30}?\b(?:food|kibble|feed|treats?|grams?|cups?)\b[\w\s]{0,30}?"
         r"\b(?:a|per|each|every) (?:day|meal)\b", "급여량"),
        (r"\b(?:kibble|dog food|cat food|pet food)\b", "사료"),
        (r"\bmoney back\b", "환불"),
        (r"\b(?:exchange|currency|conversion) rates?\b|\bcurrenc(?:y|ies)\b", "환율"),
        (r"\b(?:a |little |short |handwritten )*(?:note|message card|gift message|card message)\b", "메시지 카드"),
        (r"\bstore (?:it|them)\b|\bstorage\b|\b(?:fridge|freezer|refrigerat\w*|freeze)\b", "보관"),
    )
)
_CONTRACTION = re.compile(r"'(?:s|re|ll|ve|d|m|t)\b")  # what's -> what (the 's is not size S)


# Bought somewhere else: the shop's return or refund FAQ does not answer for another store.
ELSEWHERE = re.compile(
    r"(?:다른\s*(?:쇼핑몰|브랜드|사이트|매장|가게|곳|데|온라인\s*몰|몰|[가-힣]{1,3}(?:점|몰|샵|마트))|마트|시장|백화점|편의점|쿠팡|무신사|지그재그|에이블리|11번가|지마켓|g마켓|옥션"
    r"|올리브영|다이소|이마트|홈플러스|오늘의집|마켓컬리|컬리|당근|알리|테무)"
    r"(?:\s*(?:에서|서)?\s*|\s*에서\s+[가-힣]{1,6}\s*(?:[을를도]\s*)?)(?:산|샀|구매|구입|주문|시킨|시켰)"
)

# This shop, named after another business was: what follows is asked of it ("… 여기는 며칠 걸려요?")
HERE = re.compile(r"여기(?:는|도|선|서|에선|에서는|에서도)|이\s*(?:쇼핑몰|가게|매장|사이트)(?:은|는|도|에선|에서는)|이곳|이\s*집은")

# Couriers by name: "한진이에요 CJ에요?" asks which courier; an answer naming one covers that question.
COURIERS = re.compile(r"cj\s*대한통운|대한통운|cj|한진|롯데\s*택배|롯데|우체국\s*택배|로젠|경동|쿠팡\s*로켓|편의점\s*택배")
COURIER_TERM = "택배사"
# "어느 택배로 보내요? 우체국인가요?": the courier named is a guess at the shop's own, not another business
WHICH_COURIER = re.compile(r"(?:어느|어떤|무슨|어디)\s*택배|택배\S{0,2}\s*(?:어디|뭐|머|어느|뭘)")
_COURIER_KEYS = (("대한통운", "cj"), ("cj", "cj"), ("한진", "한진"), ("롯데", "롯데"), ("우체국", "우체국"), ("로젠", "로젠"),
                 ("경동", "경동"), ("쿠팡", "쿠팡"))


def courier_key(name: str) -> str:
    """Which courier a COURIERS match names (CJ대한통운 and 대한통운 are one); "" for a kind, not a company."""
    flat = name.lower().replace(" ", "")
    return next((key for word, key in _COURIER_KEYS if word in flat), "")

# English words spelled in Hangul: read as the Korean word a shop's FAQ uses (then grouped as above).
LOANWORDS: dict[str, str] = {
    "기프트 래핑": "선물포장", "기프트래핑": "선물포장", "기프트 박스": "선물포장", "기프트박스": "선물포장",
    "쉬핑피": "배송비", "쉽핑피": "배송비", "딜리버리피": "배송비", "쉬핑": "배송", "쉽핑": "배송", "익스체인지": "교환",
    "사이징": "사이즈", "센시티브": "민감성", "스킨타입": "피부 타입", "스킨 타입": "피부 타입", "익스파이어": "유통기한",
    "익스피레이션": "유통기한", "섭스크립션": "정기배송", "서브스크립션": "정기배송", "섭스": "정기배송",
    "디시워셔": "식기세척기", "디쉬워셔": "식기세척기", "트래킹": "송장", "리펀": "환불", "캔슬": "취소",
}


def english_to_korean(lowered: str) -> str:
    """Known English words and phrases replaced by their Korean topic word (text is lower-case)."""
    if not lowered.isascii() and not any("a" <= ch <= "z" for ch in lowered):
        return lowered
    lowered = _CONTRACTION.sub("", lowered)
    for pattern, korean in _ENGLISH_PHRASES:
        lowered = pattern.sub(f" {korean} ", lowered)
    return _ENGLISH.sub(lambda m: f" {ENGLISH[m.group(1)]} ", lowered)


# English function words: no evidence for or against any FAQ.
NEUTRAL_ENGLISH: tuple[str, ...] = (
    "i", "my", "me", "you", "your", "we", "our", "the", "a", "an", "is", "are", "am", "be", "can", "could",
    "will", "would", "do", "does", "did", "to", "for", "of", "in", "on", "it", "this", "these", "that", "please",
    "what", "how", "many", "get", "there", "any", "with", "one", "two", "into", "just", "ok", "hi", "hello",
    "thanks", "thank", "item", "items", "product", "want", "need", "like", "if", "possible", "bigger", "smaller",
)

# Topics a shop rarely has an FAQ for, beyond DEFAULT_OFF_TOPIC: a message about them
# is not answered with a near FAQ ("제주도 추가 배송비", "택배사 어디", "해외 배송").
OFF_TOPIC_EXTRA: tuple[str, ...] = (
    "제주", "제주도", "서귀포", "도서산간", "산간", "추가요금", "추가금", "택배사", "우체국", "편의점", "퀵", "일본", "미국",
    "중국", "외국", "영국", "캐나다", "독일", "프랑스", "베트남", "태국", "대만", "홍콩", "싱가포르", "유럽", "동남아", "무상", "각인", "가격표", "쇼핑백", "수선", "보증", "점심시간", "상담시간", "영업시간",
    "운영시간", "상담", "답장", "답변", "톡", "타사", "식당", "맛집", "영화", "호텔", "항공", "비행기", "티켓", "모집",
    "공고", "구인", "아르바이트", "면접", "교환학생", "교환 학생", "모니터", "인치", "로또", "넷플릭스",
    "유튜브", "코스트코", "환산", "환율", "신용카드", "체크카드", "카드사", "분실", "분실신고", "이마트", "로켓배송", "아이폰", "갤럭시", "영양제", "실험", "과제", "숙제", "티비", "텔레비전", "냉장고", "노트북", "핸드폰", "휴대폰", "배송지", "주소", "주소지", "수령인", "연락처", "미세먼지", "분리수거", "재활용", "다이어트", "유행", "업데이트", "오일관리", "오일칠", "대여", "렌탈", "빌리다", "아이패드", "굿노트", "앱", "어플", "이유식",
)


# Topics a small fashion shop is asked about that are NOT in a typical FAQ. A message
# about them must not be answered with a near FAQ ("배송비 쿠폰 있어요?" is not shipping).
DEFAULT_OFF_TOPIC: tuple[str, ...] = (
    "배송비", "택배비", "무료배송", "쿠폰", "적립금", "포인트", "할인", "세일", "이벤트", "재입고",
    "입고", "품절", "결제", "결제수단", "카드", "무통장", "입금", "계좌", "영수증", "현금영수증",
    "세금계산서", "회원가입", "가입", "회원", "탈퇴", "비밀번호", "아이디", "로그인", "매장", "오프라인",
    "위치", "주차", "소재", "재질", "세탁", "드라이", "원단", "두께", "비침", "선물포장", "포장",
    "해외", "해외배송", "등급", "후기", "리뷰", "사은품", "코디", "신상", "가격", "얼마",
    "알바", "채용", "협찬", "제휴", "도매", "페이", "카카오페이", "네이버페이", "할부", "묶음배송", "합배송",
    "출시",
)

# Words that tell nothing about which FAQ is meant: greetings, fillers, garments,
# generic verbs. They are neither evidence for an FAQ nor against it.
DEFAULT_NEUTRAL: tuple[str, ...] = (
    "하다", "되다", "있다", "없다", "싶다", "주다", "알다", "보다", "드리다", "모르다", "부탁", "부탁하다",
    "가능", "가능하다", "어떻다", "어떻게", "어떡하다", "좀", "너무", "진짜", "정말", "혹시", "그냥", "꼭",
    "저", "제", "나", "우리", "이거", "그거", "저거", "거", "것", "여기", "거기", "이것", "그것", "뭐", "무엇",
    "안녕", "안녕하다", "감사", "감사하다", "고맙다", "죄송", "죄송하다", "수고", "문의", "질문", "궁금",
    "궁금하다", "물어보다", "묻다", "알리다", "말씀", "확인", "네", "예", "아니요", "요", "님", "분", "고객",
    "상품", "제품", "물건", "옷", "원피스", "바지", "치마", "스커트", "셔츠", "블라우스", "니트", "코트",
    "자켓", "재킷", "가디건", "티", "티셔츠", "청바지", "슬랙스", "신발", "가방", "모자", "맨투맨", "후드",
    "조끼", "점퍼", "패딩", "레깅스", "원피", "이번", "저번", "다음", "지금", "방금", "아까", "이제", "또",
    "다시", "같다", "그렇다", "이렇다", "어제", "그저께", "며칠", "쯤", "정도", "때", "번", "개", "벌",
    "하나", "두", "두개", "한", "많이", "잘", "다", "더", "덜", "빨리", "얼른", "아", "어", "음", "저기",
    "요즘", "오다가다", "근데", "그런데", "그리고", "그래서", "혹은", "아니면", "혹시나", "일단", "먼저",
    "추천", "선물", "친구", "엄마", "언니", "동생", "딸", "남편", "결혼식", "여행", "모임", "출근", "주말",
    # when: days and times set the scene, the question is what happens then
    "월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일", "오전", "오후", "아침", "저녁", "밤",
    "새벽", "기간", "시간", "보통", "원래", "처음", "첨", "울", "저희", "애", "우리",
)

# Other businesses by name: shopping apps, marketplaces, delivery apps, streaming services,
# convenience stores, marts, drugstores, bakeries and cafés, department stores, couriers' own
# services. A message about one of them ("쿠팡 배송은 왜 빨라요", "넷플 구독 해지") is about that
# business, not this shop: it reads as 타사 (another business), a topic no FAQ answers. Product
# brands (나이키 240 신는데...) are left alone: shoppers compare sizes with them. A name the shop's
# own FAQ uses (a shop that also sells on 쿠팡 and says so) is not another business for it.
OTHER_BUSINESSES: tuple[str, ...] = (
    # shopping apps and marketplaces
    "쿠팡", "무신사", "지그재그", "에이블리", "11번가", "십일번가", "지마켓", "g마켓", "옥션", "위메프", "티몬", "인터파크",
    "ssg닷컴", "쓱닷컴", "롯데온", "29cm", "w컨셉", "브랜디", "하이버", "오늘의집", "마켓컬리", "컬리", "당근마켓",
    "번개장터", "번장", "중고나라", "알리익스프레스", "알리익스", "테무", "쉬인", "아마존", "이베이", "큐텐", "아이허브",
    "홈쇼핑", "gs샵", "cj온스타일", "오아시스마켓", "카카오선물하기", "선물하기", "네이버쇼핑", "스마트스토어",
    # delivery apps, streaming and other services
    "쿠팡이츠", "배민", "배달의민족", "요기요", "땡겨요", "넷플릭스", "넷플", "유튜브", "티빙", "웨이브", "왓챠",
    "디즈니플러스", "디즈니+", "쿠팡플레이", "멜론", "스포티파이", "밀리의서재", "로켓배송", "로켓와우", "로켓프레시",
    "쿠팡맨", "반값택배", "끼리택배", "gs택배",
    # convenience stores, marts, drugstores, department stores
    "gs25", "세븐일레븐", "이마트24", "미니스톱", "이마트", "홈플러스", "롯데마트", "코스트코", "트레이더스", "노브랜드",
    "하나로마트", "다이소", "올리브영", "올영", "롭스", "시코르", "세포라", "현대백화점", "롯데백화점", "신세계백화점",
    "갤러리아", "아울렛", "이케아", "한샘", "까사미아",
    # bakeries, cafés, fast food
    "파리바게트", "파리바게뜨", "파바", "뚜레쥬르", "스타벅스", "스벅", "투썸", "이디야", "메가커피", "빽다방",
    "배스킨라빈스", "던킨", "맥도날드", "버거킹", "롯데리아", "교촌", "성심당",
)
# "당근에서 합배송 해달래요": the second-hand market, not the vegetable ("당근 케이크")
_OTHER_BUSINESS_FORMS = {"디즈니+": r"디즈니\s*\+", "당근마켓": r"당근\s*(?:마켓|에서|거래|판매자|구매자|채팅)"}


def other_businesses(skip: set[str]) -> re.Pattern[str] | None:
    """The names above as one pattern (spacing-insensitive, longest first), without those in ``skip``
    (squashed, lower-case: the names the shop itself uses)."""
    names = [n for n in OTHER_BUSINESSES if re.sub(r"\W", "", n) not in skip and n not in skip]
    if not names:
        return None
    alts = [_OTHER_BUSINESS_FORMS.get(n) or r"\s*".join(map(re.escape, n)) for n in sorted(names, key=len, reverse=True)]
    return re.compile("|".join(alts))


# Paying as the time of an order ("3시 넘어서 결제했는데 오늘 나가요?", "결제 후 며칠"): the scene of a
# question about shipping or cancelling, not a question about payment ("결제하려면 어떻게 해요" still is one).
PAID_WHEN = re.compile(r"(?:결제|입금)\s*(?:(?:했|됐|하였|되었)(?:는데|고|으면|으니까|어요\s*근데)|하면|되면|하고|되고|해서|돼서|후|하자마자|되자마자)")
SEVERAL = re.compile(r"(?:두|세|네|여러|몇|[2-9])\s*(?:번|건|차례)|따로|각각")

# Converting units ("mm를 인치로 바꾸면", "kg을 파운드로"): arithmetic, not an exchange of goods.
UNIT_CONVERSION = re.compile(
    r"(?:mm|cm|밀리|센치|센티|인치|inch|kg|킬로|파운드|온스|리터|미국\s*사이즈|유럽\s*사이즈)\s*(?:을|를|는|은|에서)?\s*"
    r"(?:mm|cm|밀리|센치|센티|인치|inch|kg|킬로|파운드|온스|리터|[가-힣]{0,3}\s*사이즈)\s*(?:로|으로)\s*"
    r"(?:바꾸|바꿔|환산|변환|계산|치면)"
)

# Asking which brand or vendor to pick, or where else to buy: a recommendation about the market,
# not this shop's FAQ ("식기세척기 어느 브랜드가 좋아요", "렌탈 업체 어디가 괜찮아요").
RECOMMENDATION = re.compile(
    r"(?:(?:어느|어떤|무슨)\s*(?:브랜드|업체|회사|메이커|제조사|사이트|쇼핑몰)"
    r"|(?:브랜드|업체|회사|메이커|제조사|사이트|쇼핑몰)\s*(?:어디|추천|좀\s*추천|뭐가|중에)"
    r"|렌탈|렌털"
    r")(?:[이가은는을를도](?![가-힣]))?"
)
