"""What a shopper says when the item they received is wrong with them: the ``damaged`` rule.

Words for every kind of shop (clothes, shoes, kitchenware, cosmetics, food, pet supplies,
electronics, furniture), then a few general patterns that catch a report whatever the
product is called: "…가 안 켜져요", "문제가 있어요", "이상한 게 왔어요", "…이 나갔어요",
"나사가 안 맞아요", "유통기한 지난 게 왔어요", "…에서 물이 새요".

Keywords go through :mod:`bot.conversation.triage`, which cancels them when the shopper
asks in advance ("깨지면 교환돼요?", "트러블 안 나나요?", "줄어드나요?"). A pattern carries
its own tense: it ends in a reporting ending (…어요, …네요, …는데, …서) and never in an
asking one (…나요, …면, …는지), so "안 켜지나요?" does not fire.
"""

from __future__ import annotations

# Things that happen to an item: broken, torn, leaking, spoiled, shrunk … (any category).
_BROKEN = (
    "파손", "찢어", "찢김", "찢어짐", "불량", "하자", "오염", "얼룩", "구멍", "고장", "터졌", "터져", "뜯기", "망가", "깨졌", "깨져", "금이 가", "금 갔", "금이 갔", "찌그러", "휘어", "부서지", "부러지",
    "갈라지", "들뜨", "긁힘", "긁혀", "스크래치", "흠집", "기스", "벗겨", "벗겨짐", "벗겨졌", "까졌", "녹슬",
    "녹이 슬", "끊어", "끊김", "흔들거", "흔들려", "기우뚱", "삐걱", "소리 나", "소리가 나", "물이 새", "물이 다 새", "물 새",
    "누수", "덜덜거", "덜그럭", "덜컹거", "작동을 안", "작동 안", "작동이 안", "안 잠겨", "안 잠기", "안 잠김", "안 닫혀", "안 닫히", "안 켜",
    "안 돌아가", "방전", "먹통", "바스라", "바스러", "가루가 돼", "가루가 되어", "가루가 됐", "뿌옇게 나왔", "흐릿하게 나왔", "향이 하나도 안", "고개를 숙였", "고개 숙이고", "산산조각", "박살", "가품", "짝퉁", "휘어져서", "휘어졌", "휘어져 있",
)
# Clothes and shoes: fabric, seams, colour.
_FABRIC = (
    "변색", "물빠짐", "물이 빠", "이염", "보풀", "올이 나", "올 나가", "올나감", "실밥", "박음질", "수축",
)
# Paper goods and live plants: a misprinted or missing page, a plant that came bent or dead.
_PAPER_AND_PLANTS = ("파본", "낙장", "인쇄 불량", "인쇄불량", "시들시들", "꺾여", "꺾였", "꺾인 채")
# Used, dirty or badly made.
_USED = (
    "누가 신었", "누가 입었", "누가 쓰던", "사용한 흔적", "쓴 흔적", "신었던 흔적", "입었던 흔적", "중고",
    "더러워", "더럽", "본드", "퀄리티", "마감이 엉망",
)
# Food, treats and cosmetics that went off, or something in them that should not be.
_SPOILED = (
    "곰팡이", "냄새가 나", "냄새 나", "냄새나", "악취", "이물질", "머리카락", "변질", "눌어붙", "분리됐",
    "분리되어", "녹 같은", "녹이 올라", "녹이 나", "녹물", "색이 변", "갈색으로 변", "변해서 왔", "덜렁거", "덜렁덜렁", "배탈", "식중독",
)
# What an item did to a person or a pet: skin, stomach.
_HARM = (
    "트러블", "뾰루지", "발진", "두드러기", "가렵", "가려움", "따갑", "따끔", "화끈거", "뒤집어지", "알레르기 반응",
    "알러지 반응", "부작용", "리콜", "곰팡이 핀", "곰팡이 폈", "쉰내", "시큼한 맛", "신맛이 나", "붉어지", "빨개지", "부어오르", "설사", "구토", "토했", "토해", "혈변", "다쳤", "피가 나", "소견서", "진단서",
)
# English, as shoppers write it.
_ENGLISH = (
    "broken", "damaged", "defective", "faulty", "stain", "scratched", "cracked", "dented", "crushed", "ripped",
    "torn", "leaking", "leaks", "leaked", "spilled", "used item", "already opened", "was opened", "seal was broken",
    "made me sick", "burned my", "breakout", "broke out", "came off", "fell off", "fell out", "came loose", "it broke", "broke after", "broke on", "fell apart", "peeling", "peeled", "coming off", "coming apart",
    "came apart", "falling apart", "stopped working", "not working", "shattered", "snapped", "smashed", "wilted",
    "dead on arrival", "arrived dead", "rotten", "misprinted", "pages fell out", "pages missing", "missing pages",
    "misspelled", "root rot", "fungus gnats", "gnats", "bugs in",
    "doesn't work", "does not work", "won't turn on", "doesn't turn on", "doesn't fit the", "rash", "itchy",
    "allergic reaction", "rust", "rusty", "mildew", "discolored", "discoloured", "swollen", "threw up", "vomit", "diarrhea", "got sick", "expired", "mold", "moldy",
)

DEFECT_WORDS: tuple[str, ...] = _BROKEN + _FABRIC + _USED + _SPOILED + _HARM + _PAPER_AND_PLANTS + _ENGLISH

# A reporting ending: what a shopper says of what happened, never how one asks (나요, 면, 는지, ㄹ까).
_SAYS = r"(?:어|아|여|워|와|네|는데|ㄴ데|은데|데|서|고|습|음|요|다|ㅠ|ㅜ|;|\.|!|\s*$)"
# Parts that must fit together (a lid, a screw, a refill): "…가 안 맞아요" is a defect, not a size question.
_PARTS = r"(?:뚜[껑겅]|나사|볼트|너트|부품|부속|구멍|홈|조립|짝|지퍼|단추|버클|걸쇠|커버|리필|캡|마개|패킹|필터|케이스|규격|호환|다리|바퀴|충전기|어댑터|손잡이)"
# Things a product does: "…이 안 돼요" about one of them reports a fault.
_FUNCTIONS = r"(?:작동|충전|연결|전원|인식|페어링|조립|분사|펌핑|잠금|회전|재생|점등|가열|세척|배수|흡입|블루투스|와이파이|버튼|스위치|터치)"

# The item was used, or is named, before a body reacted: "바르고", "먹였더니", "이 크림"
_USE_CONTEXT = (r"(?:바르|바른|발랐|쓰고|썼|쓴\s*(?:뒤|후|다음)|먹고|먹었|먹인|먹이고|먹였|신고|신었|입고|입었|차고|끼고|사용하|사용한|사용했|닿|"
                r"제품|크림|토너|세럼|로션|앰플|샴푸|린스|팩|마스크|화장품|선크림|립밤|비누|세제|사료|간식|이거|이\s*제품)")
# Found inside, said after the fact ("들어 있어요?" asks what comes in the box).
_FOUND = r"(?:들어\s*있|들어있|들어가\s*있|나왔|나와\s*있|섞여|박혀|붙어\s*있|발견)(?:어|었|네|는데|습|음|더|서)(?!\S*\?)"

DEFECT_PATTERNS: tuple[str, ...] = (
    # came off (밑창이 떨어졌어요), not ran out (사료가 다 떨어졌어요)
    r"^(?!.*(?:사료|간식|모래|패드|기저귀|세제|재고|쌀|커피|용돈|돈|잔액)\S{0,2}\s*(?:이|가)?\s*(?:다|거의|벌써)?\s*떨어)"
    r".*떨어(?:졌|짐|진\s*채|져\s*있|져서\s*왔|져\s*나)",
    # arrived crushed, folded, wet, opened …
    r"(?:접혀|구겨져|구겨|젖어|눌려|묻어|뭉개져|녹아|벌어져|열려|뜯겨|긁혀|휘어|찌그러져)\s*(?:서|진\s*채|있는\s*채)?\s*(?:왔|도착|배송|있었)",
    # a pair that does not match itself: "왼쪽 오른쪽 색이 달라요"
    r"(?:왼쪽|오른쪽|양쪽|한쪽|짝)\S{0,2}\s*(?:\S{1,20}+\s+){0,3}?(?:달라(?:요|서|용)|다르게\s*왔|달랐|다르네|다른데|차이\s*나)",
    r"(?:이|가)\s*(?:금방|다|하나|벌써|자꾸|계속|쉽게)?\s*빠(?:져|졌|짐)",
    r"(?:금방|만에|벌써|자꾸|쉽게)\s*빠(?:져|졌|짐)|빠져\s*버렸",
    r"(?:이|가)\s+(?:\S{1,20}+\s+){1,3}?빠(?:졌|져\s*(?:버렸|있|서\s*왔))",  # 굽이 한 번 신고 빠졌어요
    # a part that does not fit its other half (뚜겅: a common typo)
    rf"{_PARTS}\S{{0,2}}\s*(?:\S{{1,20}}+\s+){{0,3}}?\S{{0,4}}?(?:안|잘\s*안)\s*맞(?:아|았|네|음|는데|고|습)",
    # it does not turn on, open, close, come out …: "안 켜져요", "뚜껑이 안 열려요", "소리가 안 나와요"
    rf"(?:안|잘\s*안)\s*(?:켜져|켜지|켜|열려|열리|닫혀|닫히|잠겨|잠기|눌러져|눌려|눌리|나와|나오|나와서|돌아가|움직|붙어|붙|펴져|펴지|빠져|빠지|써져|써지)(?:지|져)?{_SAYS}(?!\S*\?)",
    # a zip or a drawer that will not move: "지퍼가 안 올라가요", "서랍이 끝까지 안 들어가요"
    rf"(?:지퍼|단추|버클|서랍|문|창|뚜[껑겅]|레버|스위치|버튼|바퀴)\S{{0,2}}\s*(?:\S{{1,20}}+\s+)?(?:안|잘\s*안)\s*(?:올라가|내려가|채워|끼워|들어가|잠가|잠궈){_SAYS}(?!\S*\?)",
    r"전원\S{0,2}\s*(?:이|가)?\s*안\s*(?:들어|켜)",
    # a light that will not come on, whatever one does: "스위치 눌러도 불이 안 들어와요"
    r"불\S{0,2}\s*(?:이|가)?\s*안\s*(?:들어\s*와|들어\s*오|켜)(?:요|네|는데|서|고)|(?:눌러도|켜도|꽂아도|충전해도|돌려도)\s*[^?]{0,15}?(?:반응\s*(?:이\s*)?없|안\s*(?:돼|되네|켜|움직))",
    # a buckle, a knot or a seam that comes undone
    r"(?:버클|매듭|실밥|솔기|바느질|박음질|잠금|나사|끈|똑딱이)\S{0,2}\s*(?:\S{1,20}+\s+){0,2}?풀(?:렸|려\s*(?:있|버)|려요|려서|리네|려\s*나)",
    r"이가\s*(?:나가|나갔|빠졌|빠져)",
    r"\bdent(?:ed|s)?\b|\bholes?\b|\bchipped\b",
    rf"{_FUNCTIONS}\S{{0,2}}\s*(?:이|가|은|는|도)?\s*(?:잘\s*|전혀\s*|아예\s*)?(?:안\s*(?:돼|되네|되고|되는데|됨|됐|됩니)|되지\s*(?:가\s*)?않|불량)",
    # something is wrong with it: "문제가 있어요", "이상해요", "이상한 게 왔어요", "이상이 있어요"
    r"문제\S{0,2}\s*(?:좀\s*|많이\s*)?(?:있|생겼|생긴)(?:어|네|는데|습|음|는\s*것\s*같|는\s*거\s*같|더)",
    r"이상(?:해요|하네|하고|해서|한데|합니다|함|해졌|해져\s*(?:서|버|있)|해\s*보|하게\s*(?:왔|와|나|됐|되)|한\s*(?:게|거|것|걸|냄새|소리|맛|물건|제품|상품|색|점))",
    r"이상이\s*(?:좀\s*)?(?:있|생겼)(?:어|네|는데|습|음)",
    # "…이 나갔어요": a bulb, a thread, a stitch; not a parcel that went out
    r"(?<!\S)(?!택배|배송|발송|출고|물건|상품|주문|제품|돈|결제)\S{1,4}(?:이|가)\s*(?:\S{1,20}+\s+){0,2}?나(?:갔|가\s*버렸)(?:어|네|는데|습|음|더)",
    r"(?:줄|금|자국)\S{0,2}\s*(?:이|가)?\s*(?:가\s*있|갔|가요|가네|생겼|났)",
    # a leak: "물이 새요", "뚜껑 쪽이 새네요" (새 alone is also "new")
    r"(?<![가-힣])(?:새요|새네|새서|새고|새는데|샙니다|샜|새어\s*나|새더|샌다)",
    # food past its date, gone off, or melted
    r"(?:유통|소비)\s*기한\S{0,2}\s*(?:이미\s*|다\s*|한참\s*|벌써\s*)?(?:지난\s*(?:거|게|것|걸|제품|상품|물건)|지났(?:어|네|는데|습|더|음|잖)|넘은|넘었|지나서\s*왔)",
    # a date too close to sell: "유통기한이 한 달밖에 안 남았어요"
    r"(?:유통|소비|사용)\s*기한\S{0,3}\s*(?:\S{1,20}+\s+)?(?:한\s*달|보름|일주일|며칠|\d+\s*(?:일|주|달|개월))\s*(?:도\s*)?밖에\s*(?:안\s*)?남(?:았|은|아)(?!\S*\?)",
    r"(?<![가-힣])(?:상(?:했|해서|한\s*(?:거|것|게|냄새|맛)|해\s*있)|녹(?:았|아서|아\s*있|아\s*버)|굳(?:었|어서|어\s*있|어\s*버))",
    r"벌레\S{0,2}\s*(?:가\s*)?(?:나왔|나와|있었|있어|있네|들어\s*있|기어|발견)",
    # stretched or shrunk, said after the fact ("늘어나나요?" asks before buying)
    r"늘어(?:났|나\s*버렸|져\s*버렸|졌)|줄어(?:들었|들어\s*버렸|들어서|든\s*(?:것|거)\s*같)|(?<![가-힣])줄었(?:어|네|는데|습|음|더)",
    # hurt by it: cut or burnt; food that smells sour
    r"(?:베|데)(?:였|여서)|쉰\s*(?:내|냄새)",
    # skin that reacted, in any words: "빨갛게 올라와요", "얼굴이 뒤집어졌어요"
    r"(?:빨갛게|붉게|울긋불긋|오돌토돌)\s*(?:\S{1,20}+\s+)?(?:올라|일어|변했|됐|부었)",
    # sold as returned stock: "반품된 거 보내신 거 아니에요?"
    r"반품\s*(?:된|됐던|되었던|들어온|받은)\s*(?:거|걸|것|제품|상품|물건)",
    # something inside that should not be: "봉지 안에 플라스틱 조각이 들어 있어요"
    rf"(?:조각|파편|부스러기|이물)\S{{0,3}}\s*(?:이|가)?\s*(?:\S{{1,20}}+\s+)?{_FOUND}",
    rf"(?:안에|속에|안에서|속에서)\s*(?:\S{{1,20}}+\s+){{0,2}}?(?:플라스틱|유리|쇠|철사|머리카락|털|벌레|돌|나무|실밥)\S{{0,3}}\s*(?:\S{{1,20}}+\s+)?{_FOUND}",
    # parts that came apart or a surface that is not flat: "손잡이랑 날 사이가 벌어져 있어요"
    r"(?:벌어(?:져\s*있|졌|져|져\s*버렸)|평평하지\s*않|수평이\s*안\s*맞|볼록(?:해|하|튀어\s*나와)|울퉁불퉁(?:해|하))"
    r"(?:어|었|아|네|는데|습|음|더|서|요|고|게|\s|$)(?!\S*\?)",
    r"위험해\s*(?:보여|보이네|보입니|요(?!\s*\?)|서)",
    # came apart or turned over, said after the fact: "뜯어져 있어요", "얼굴이 뒤집어졌어요" ("뜯은 지" is a time)
    r"뜯어(?:졌|져\s*(?:있|서|왔|버)|짐)|뒤집어(?:졌|져\s*(?:서|버렸|있)|짐)",
    # a loose part ("손잡이가 헐거워요"); loose shoes or clothes are a size question
    rf"{_PARTS}\S{{0,2}}\s*(?:\S{{1,20}}+\s+){{0,2}}?(?:헐거|헐렁|덜렁)",
    # opened, spilt or leaked on the way: "뚜껑이 열려서 박스가 끈적해요", "소스가 다 쏟아졌어요"
    r"(?:뚜[껑겅]|마개|포장|봉지|봉투|실링|씰|비닐|테이프|밀봉|캡|파우치)\S{0,2}\s*(?:이|가|은|는)?\s*(?:다\s*|살짝\s*|반쯤\s*)?"
    r"(?:열려|뜯겨|찢겨|벗겨져|풀려)\s*(?:서|있|진\s*채|왔|버)",
    r"끈적(?:해|하네|하고|거려|거리|끈적|한\s*게\s*묻)(?!\S*\?)|(?:쏟아|흘러\s*나|흘러|엎어|엎질러|새어\s*나)(?:졌|져\s*(?:서|있|버)|왔|와\s*있|서\s*(?:왔|젖|박스|상자|다))",
    # a stain on it: "자국이 묻어 있어요", "색이 묻어나요" ("묻어나나요?" asks)
    r"묻어\s*(?:있|나)(?:어|었|네|는데|고|더|습|음|요|서)",
    # not new: "새 상품 맞나요?", "개봉된 게 왔어요", "누가 쓰던 거 같아요"
    # (after what was found: "흠집이 나 있어요 새 상품 맞나요?"; alone, "새 상품 맞죠?" asks before buying)
    r"(?:는데|던데|어요|아요|네요|더라고요|어서|ㅠ|\.)\s*(?:\S{1,20}+\s+)?(?:이거\s*|이게\s*|진짜\s*|정말\s*)?새\s*(?:상품|제품|거|것|물건|신발|옷)\s*(?:맞|아닌|아니)|개봉\s*(?:된|되어|돼)\s*(?:있|채|상태|거|게|걸|제품|상품)",
    # it nearly hurt someone: "삼킬 뻔했어요", "넘어질 뻔했어요"
    r"(?:다칠|삼킬|넘어질|미끄러질|베일|데일|델|체할|질식할|목에\s*걸릴|토할|찔릴|긁힐|감전될|불\s*날|불날|터질|큰일\s*날|사고\s*날|죽을|도망갈|물릴)"
    r"\s*(?:\S{1,20}+\s+)?뻔",
    # skin or scalp that reacted after the product was used ("세럼 바른 자리에 좁쌀이 올라왔어요"); a body that
    # reacted to anything else ("하루 종일 서 있었더니 발이 부었어요") or a skin type ("잘 나는 편") is not about the item
    rf"{_USE_CONTEXT}[^?]{{0,40}}?(?:좁쌀|여드름|뾰루지|트러블|두드러기|발진|염증|물집|붉은\s*기|각질|비듬)\S{{0,2}}\s*(?:이|가)?\s*(?:\S{{1,20}}+\s+)?"
    r"(?:올라왔|올라와서|올라오네|났어|났네|났는데|나서|생겼|생겨서|일어났|번졌|심해졌|뒤집)",
    rf"{_USE_CONTEXT}[^?]{{0,40}}?(?:입술|두피|피부|얼굴|눈|목|손|발|잇몸|귀)\S{{0,2}}\s*(?:이|가)?\s*(?:\S{{1,20}}+\s+)?(?:부르텄|텄어|헐었|헐어서|부었|부어서|따가워|쓰려|쓰라려|빨개졌|붉어졌|벗겨졌|화끈거려)",
    # a pet or a person after eating or using it: "간식 먹이고 나서 강아지가 계속 긁어요", "샴푸 쓰고 머리가 빠져요"
    rf"{_USE_CONTEXT}[^?]{{0,40}}?(?:강아지|고양이|아기|애기|아이|애|냥이|댕댕이|얘|머리|머리카락|털)\S{{0,2}}\s*(?:이|가)?\s*(?:\S{{1,20}}+\s+){{0,2}}?"
    r"(?:긁어|긁네|토를|토해|토했|구토|설사|묽은|혈변|기운이?\s*없|빠져요|빠지네|빠져서|숭숭|가려워|재채기|기침|눈물|핥아|절뚝)(?!\S*\?)",
    # put together the wrong way: "속지가 거꾸로 제본돼 있어요"
    r"(?:거꾸로|삐뚤게|비뚤게|삐뚤어지게|뒤집혀서?)\s*(?:\S{1,20}+\s+)?(?:제본|인쇄|붙어|붙여|달려|박음|박혀|꿰매|조립|되어|돼|됐|찍혀)(?!\S*\?)",
    # a mark on it: "찍힌 자국이 있어요"
    r"(?:찍힌|긁힌|눌린|패인|파인|까진|그을린|탄|얼룩진)\s*(?:자국|부분|곳|데)|자국\S{0,2}\s*(?:이|가)?\s*(?:\S{1,20}+\s+)?(?:있어|있네|있는데|있었|나\s*있|보여|보이네)",
    # dented in transit ("모서리가 찍혀서 왔어요"), not a date or a logo printed on it ("날짜 찍혀 있어요?")
    r"^(?!.*(?:날짜|기한|일자|제조|로고|가격|스탬프|도장|송장|이름|각인|사진|어디|몇))"
    r".*(?:찍혀\s*(?:서\s*)?(?:왔|온|도착|있(?:어|었|네|는데|고|더|습))|찍힘\S{0,2}\s*(?:이|가)?\s*(?:있|심))(?!\S*\?)",
    # a lamp that flickers ("깜빡깜빡해요", "깜빡거려요"), not a shopper who forgot ("깜빡했어요")
    r"깜[빡박]\s*깜[빡박]|깜[빡박](?:거|대|여)(?:려|리|림|요|서|네|고|는)(?!\S*\?)",
    # a chain that came tangled: "체인이 엉켜서 안 풀려요" ("잘 엉키나요?" asks)
    r"엉켜\s*(?:서|있|버렸|왔)|엉킨\s*(?:채|상태)|엉켰(?:어|네|는데|습)",
    # not what it was before: "향이 예전에 산 거랑 완전 달라요"
    r"(?:예전|전에|저번|지난번)[^?]{0,15}?(?:이랑|랑|과|와|하고)\s*(?:완전|너무|많이|아예|전혀)\s*(?:달라|다르|다른|딴판)",
    r"(?:배터리|충전기|캔|통조림|용기|파우치|봉지|팩|병)\S{0,2}\s*(?:이|가)?\s*(?:\S{1,20}+\s+)?부풀(?:었|어\s*(?:올랐|있|서))|부풀어\s*올랐",
    # a stale or musty smell: "원두에서 쩐내가 나요" ("군내 안 나요?" asks)
    r"(?:쩐내|군내|곰팡내|찌든\s*내|묵은\s*내)\S{0,2}\s*(?:가|이)?\s*(?:좀\s*|너무\s*|엄청\s*)?(?:나(?:요|네|서|는데|고)|심해|진동|올라)(?!\S*\?)",
    r"탄\s*(?:내|냄새)\S{0,2}\s*(?:가|이|만)?\s*(?:확\s*|좀\s*|너무\s*)?(?:나(?:요|네|서|는데|고)|심해|진동)(?!\S*\?)",
    # a coat that lifts or peels: "코팅이 벌써 들고 일어나요" ("코팅 벗겨지나요?" asks)
    r"(?:코팅|도장|칠|도금|필름|시트지|래핑)\S{0,2}\s*(?:이|가)?\s*(?:\S{1,8}\s+){0,3}?(?:들고\s*일어나|일어나(?:요|네|서|는데)|들떠|들뜨(?:네|고))(?!\S*\?)",
    # bubbles under a film or a coat: "필름에 기포가 잔뜩 생겼어요" ("기포 안 생기나요?" asks)
    r"기포\S{0,2}\s*(?:가|이)?\s*(?:잔뜩\s*|많이\s*|엄청\s*)?(?:생겼|생겨서|생기네|있어요|있네|있는데|가득|안\s*빠(?:져|지네|지는데))(?!\S*\?)",
    r"과열(?:돼|되|됐)|뜨거워(?:지더니|져서\s*(?:꺼|안|못|만질)|졌어)",
    # food or plants that came spoiled, wilted or soggy
    r"(?:시들(?:었|어\s*있|어서|어\s*버)|시든\s*(?:채|상태)|물러(?:졌|져\s*(?:서|있)|서\s*왔)|눅눅(?:해요|해서|하네|했|해졌|해져\s*(?:서|있))"
    r"|누렇게\s*(?:변했|변해|떠|됐)|말라\s*(?:죽었|죽어|비틀어졌|버렸))(?!\S*\?)",
    # dead when it came: "다 죽어서 왔어요", "죽은 채로 왔네요" (not "배송이 느려 죽겠어요")
    r"죽어서\s*(?:왔|온|도착)|죽은\s*(?:채|게\s*왔|거\s*같|상태)|죽어\s*있(?:어|었|네|는데|습)",
    # gone soft or rotten, said of what came: "밑동이 물러서 흐물흐물해요", "뿌리가 썩었어요" ("썩으면?" asks)
    r"흐물흐물|물컹(?:해|하|거)|(?<![가-힣])물러(?:서|요|있)|썩(?:었|어\s*(?:있|서|버)|은\s*(?:것|거)\s*같|어요|었네)",
    # pests that came with it: "흙에서 날파리가 계속 올라와요" ("날파리 생기면 어떡해요?" asks)
    r"(?:날파리|뿌리파리|벌레|진딧물|응애|깍지벌레|애벌레|개미|구더기|좀벌레)\S{0,3}\s*(?:가|이)?\s*(?:\S{1,20}+\s+){0,3}?"
    r"(?:올라와|올라왔|나와요|나왔|나오네|생겼|기어|꼬여|꼬였|날아다|붙어\s*있|있어요|있네|있었|있는데)(?!\S*\?)",
    # paper goods that came apart or printed wrong: "제본이 풀려서 한 장씩 빠져요", "인쇄가 밀려서 칸이 잘려있어요"
    r"(?:제본|바인딩|스프링|링|실\s*제본|표지|속지|내지|낱장|페이지|장)\S{0,2}\s*(?:이|가|씩)?\s*(?:\S{1,20}+\s+){0,2}?"
    r"(?:풀려|풀렸|빠져요|빠지네|빠져서|빠졌|떨어져|뜯겨|분리돼|분리됐)(?!\S*\?)",
    r"(?<![가-힣])(?:인쇄|프린트|프린팅|재단|칸|글씨|잉크|선|줄|페이지)\S{0,2}\s*(?:이|가)?\s*(?:\S{1,20}+\s+){0,2}?"
    r"(?:밀려\s*(?:서|있|나)|밀렸|잘려\s*(?:서|있|나)|잘렸|번져\s*(?:서|있|요)|번졌|흐리게\s*(?:나왔|찍혀|인쇄)|빠져\s*있|누락)(?!\S*\?)",
)
