"""Questions asked in advance that use a report's words: which rules they must not fire.

"깨지면 교환돼요?", "트러블 안 나나요?", "비 맞아도 고장 안 나요?" use the words of a damage report without
reporting anything; "불량은 아니고 사이즈가 커요" negates one. :mod:`bot.conversation.triage` applies these to
the built-in rules of :mod:`bot.conversation.safety_rules`.
"""

from __future__ import annotations

# Reasons a negation right after the keyword cancels ("불량은 아니고 사이즈가 커요"), and a
# condition or a worry ("벗겨지면", "물빠짐 있을까 봐") asks in advance rather than reports.
NEGATABLE: tuple[str, ...] = ("damaged", "wrong_item", "refund_dispute", "angry")

# Questions that use a rule's words without reporting anything: whether something the shopper has is still
# fine ("뜯은 지 열흘 됐는데 먹어도 되나요?"), whether a product suits them ("트러블 잘 나는 피부인데 괜찮을까요?"),
# what happens after they damaged it themselves ("뜯다가 찢어졌어요 이래도 반품 돼요?"), a policy ("단순 변심도
# 환불 안 돼요?"). rule -> pairs (asks, reports): when a pair's ``asks`` is found and its ``reports`` is not, the
# rule does not fire.
_STILL_FINE = (r"(?:먹어도|써도|발라도|먹여도|사용해도|드셔도|마셔도|입어도|신어도|둬도|보관해도|놔둬도|냉동해도)\s*"
               r"(?:돼|되|될|괜찮|상관)")
_OWN_NATURE = (r"(?:(?:하면|끼면|차면|착용하면|걸면|닿으면|바르면)\s*(?:바로\s*|금방\s*)?(?:\S{1,10}\s+)?(?:가렵|가려|붉어|빨개|따가|트러블|진물|부어|붓|뒤집어|올라와)|체질|피부가\s*약|(?:잘|자주|쉽게|금방|툭하면)\s*(?:나는|나서|생기는|생겨서|올라오는|올라와서|뒤집어지는|뒤집히는|붉어지는|빨개지는|일어나는|가려운|"
               r"트는|타는|붓는|헐어)|예민한|예민해서|예민하거든|민감한|민감해서|민감성|건성|지성|복합성|수부지|아토피|알레르기가?\s*있|"
               r"알러지가?\s*있|(?:쓸|바를|먹을|쓰는|바르는|먹는)\s*때마다)")
_QUESTION = r"(?:\?|궁금|괜찮을까|괜찮나|괜찮아요|될까|되나|돼요\s*\?|없을까|않을까|안\s*나나|어떨까|맞을까|쓸\s*수\s*있|추천)"
_SELF_CAUSED = (r"(?:뜯다가|열다가|뜯으면서|열면서|제가\s*(?:\S{1,20}+\s+)?(?:실수로|떨어뜨|깨뜨|찢|쏟|엎))[^?]{0,60}?"
                r"(?:이래도|그래도|이런\s*(?:것도|거도|경우)|이\s*경우)\s*(?:\S{1,20}+\s+)?(?:반품|교환|환불|돌려\s*보|수리)")
# what the shopper did with the item: a report of what it did to them, not a question in advance
_USED_IT = (r"(?:먹고|먹었|먹였|먹인|먹은\s*(?:뒤|후|다음)|바르고|발랐|바른\s*(?:뒤|후|다음|자리|데)|쓰고\s*나|썼더니|썼는데|"
            r"써\s*봤는데|사용하고|사용했더니|받았는데|받은\s*(?:거|게|제품|상품)|왔는데|도착했는데|열었는데|열어\s*보니|뜯었는데|뜯어\s*보니|"
            r"(?:왔|도착했|나왔)(?:어요|네요|어|네|고)|발견|곰팡|이물|벌레|썩었|썩은|상했|상한\s*(?:것|거)\s*같|변질|(?:쏠려|치우쳐|기울어)\S{0,2}\s*(?:서\s*)?(?:박혀|있|왔))")
# only the shipping box got hurt, and the shopper asks whether a return is still possible
_BOX_ONLY = (r"(?:박스|상자|겉\s*포장|포장\s*박스|쇼핑백)\S{0,2}\s*(?:(?:모서리|귀퉁이|옆면|윗면|밑면|테이프)\S{0,2}\s*)?(?:가|이|는|만)?\s*"
             r"(?:좀\s*|살짝\s*|조금\s*|약간\s*)?(?:찢어|구겨|찌그러|젖|눌려|뜯어)[^?]{0,30}?(?:반품|교환|환불|돌려\s*보)\S{0,4}\s*(?:안\s*)?"
             r"(?:돼|되|가능|할\s*수|될까|받아\s*주)")
# the pot's drainage hole ("화분 밑구멍으로 뿌리가 나왔어요"), not a hole in the item
_POT_HOLE = r"(?:화분|토분|플분|슬릿분|분)\s*(?:밑\s*|바닥\s*)?구멍|밑\s*구멍|배수\s*구멍|물\s*빠지는\s*구멍"
# what happens if: "바르면 트러블 안 나요?", "먹으면 배탈 나나요?"
_IF_USED = (r"(?:바르면|쓰면|먹으면|먹이면|입으면|신으면|빨면|세탁하면|사용하면|끓이면|데우면|돌리면|씻으면|넣으면)"
            r"[^.!]{0,30}?(?:\?|나요|까요|나여|는지|ㄴ가요|는가요)")
# what happened with another shop or another time, told before asking about this one: "다른 데서 산 냄비는 코팅이
#금방 벗겨졌는데 여기 건 오래 가나요?"; not "저번에 여기서 산 게 그랬는데"
_ELSEWHERE = (r"^(?=.*(?:다른\s*(?:데|곳|쇼핑몰|가게|브랜드|매장|사이트|회사)|딴\s*(?:데|곳)|전에\s*(?:쓰던|산|먹던|먹이던|신던|입던|쓴)|예전|저번에\s*다른|작년에|"
              r"(?:던|은)\s*적이\s*있))(?=.*(?:여기|이번|이\s*(?:제품|상품|크림|사료|신발|옷)|적이\s*있)).*" + _QUESTION)
_BOUGHT_HERE = r"(?:여기서\s*(?:산|받은|시킨|주문한|샀)|이번에\s*(?:산|받은|온|시킨)|받은\s*(?:거|게)|(?:어제|오늘|방금)\s*받)"
# what would happen if ("랜턴 비 좀 맞아도 고장 안 나요?", "안 켜고 두기만 해도 향 퍼져요?"), not what did ("빨아도 안 빠지는데")
_EVEN_IF = r"(?:아도|어도|여도|해도|대도|[워꿔줘놔봐둬춰뤄]도)\s+(?:[^\s.!?]+\s+){0,3}?[^\s.!?]*(?:(?:나요|까요|나여|가요|돼요|되요|져요|어요|아요|죠)\s*\?|(?:나요|까요|나여)\s*$)"
# counted from when it was put to use ("붙인 지 하루 지났는데 공기방울이 남아있어요"), not from the order
_SINCE_USE = (r"(?:붙인|쓴|바른|심은|뜯은|개봉한|사용한|먹인|먹은|입은|신은|낀|단|켠|설치한|받은|끼운|깐|둔|산|구매한|구입한)\s*지\s*"
              r"(?:\d+\s*(?:일|주|주일|달|개월|시간|년)|하루|이틀|사흘|며칠|일주일|열흘|보름|한\s*달|몇\s*달)"
              r"|(?:\d+|한|두|세|석)\s*(?:달|개월|주|년)\s*째\s*(?:쓰|사용|먹|입|신|키우|마시|바르|끼)")
# buying second-hand or telling fakes apart, asked about ("중고로 살 만한 데 아세요?", "짝퉁 구별하는 법"); scolded at work
# ("회사에서 깨지고 와서 기분 꿀꿀해요"), not a parcel broken
_NOT_OURS = (r"(?:중고|리퍼)\s*(?:로|를|도)?\s*(?:살|사|구하|구매|알아보)|(?:짝퉁|가품|가짜|정품)\S{0,2}\s*(?:을|를|인지)?\s*(?:구별|구분|판별|알아보는|확인하는\s*법)"
             r"|(?:에서|한테|에게|께)\s*(?:엄청\s*|완전\s*|또\s*|오지게\s*|많이\s*)?(?:깨지|깨졌|혼나|혼났)")
_DID = rf"{_USED_IT}|는데|ㄴ데|었어|았어|했어|였어"
# a weak scent is the diffuser's question ("코를 갖다 대야 겨우 냄새가 나네요"); a shape is not a hole ("구멍처럼 녹고")
_FAINT_OR_LIKE = r"겨우\s*(?:냄새|향)|(?:냄새|향)\S{0,2}\s*(?:이|가)?\s*거의\s*안|(?:냄새|향)\S{0,2}\s*(?:이|가)?\s*(?:약|은은|잘\s*안)|구멍\s*처럼|구멍같이"

_UNWRAPPED = (r"(?:실링|씰|랩핑|비닐|포장|필름|스티커|택(?!배)|태그|라벨)\S{0,2}\s*(?:을|를|은|는|만)?\s*(?:제가\s*)?"
              r"(?:벗겼|벗기고|벗겨서|뜯었|뜯고|뜯어서|제거했|제거하고|뗐|떼고|떼서)")
_PREVENT = (r"(?:방지|예방)\S{0,3}\s*(?:하려면|하는\s*(?:법|방법)|법|방법|어떻게)|안\s*(?:생기|변하|변색되|녹슬|상하)게\s*(?:하려면|하는|어떻게|보관)"
            r"|(?:막으려면|막는\s*(?:법|방법))")
# how long a refund takes, asked with nothing overdue ("주문취소 했는데 카드 환불은 며칠 걸려요")
_REFUND_HOW_LONG = r"(?:며칠|몇\s*일|얼마나|언제쯤?)\s*(?:안에|만에|정도|쯤|걸|후|뒤|이면|들어|돼|되|와|입금|까지)"
_OVERDUE = r"아직|여태|안\s*(?:들어|됐|되|왔|와|해)|못\s*받|지났|넘었|왜|됐는데도|기다렸|째|거절|거부"

ASKED_BEFORE: dict[str, tuple[tuple[str, str], ...]] = {
    # the shopper's own mistake in English ("cancel my order, I ordered the wrong size")
    "wrong_item": ((r"\bi\s+(?:ordered|picked|chose|bought|selected|clicked)\s+(?:the\s+)?wrong\b", r"\b(?:sent|got|received|arrived|came|delivered)\b"),),
    # a candle or a light that goes out ("가운데만 쏙 꺼지고"), not "꺼져" said to the shop
    "profanity": ((r"(?:불|캔들|초|심지|가운데|촛불|전원|화면|램프|조명|랜턴|불꽃|왁스)\S{0,3}\s*(?:\S{1,6}\s+)?(?:꺼져|꺼지|꺼졌)",
                   r"꺼져\s*(?:라|버려|줘)|닥쳐|[씨시]발|ㅅㅂ|존나|병신"),),
    "damaged": ((rf"{_STILL_FINE}|^(?=.*{_OWN_NATURE}).*{_QUESTION}|{_SELF_CAUSED}|{_BOX_ONLY}|{_IF_USED}", _USED_IT),
                (_ELSEWHERE, _BOUGHT_HERE), (_POT_HOLE, r"깨|금\s*(?:이\s*)?(?:가|갔)|부서|갈라|찢"), (_EVEN_IF, _DID),
                (_FAINT_OR_LIKE, r"이상한|역한|썩|탄\s*내|쉰|곰팡|악취|화학|깨|부서|찢"),
                (_NOT_OURS, r"(?:받|왔|온|보내|배송|택배|상품|제품|주문)"),
                # a repair shop elsewhere asked about ("근처에 폰 수리점 아시나요? 액정이 깨져서요")
                (r"(?:수리점|수리\s*센터|서비스\s*센터|as\s*센터|수리\s*맡길\s*데)\S{0,3}\s*(?:\S{1,10}\s+)?(?:아시|아세|알려|추천|어디)", r"(?:받|왔|배송|주문|여기서\s*산)"),
                # a stitch dropped while knitting it oneself ("뜨다가 코 빠졌는데 봐주실 수 있어요?")
                (r"(?:뜨다가|뜨는\s*중에|뜨던\s*중|뜨개질\s*하다가)", r"(?:받|왔|배송|불량|하자)"),
                # round 16: the wrapping taken off by the shopper ("실링 벗겼는데 향이 별로라서요"), the building's lift,
                # a change prevented ("변색 방지하려면"), the price of gold, one's own message sent by mistake
                (_UNWRAPPED, r"(?:불량|하자|깨|찢어져|부서|파손|흠집|기스|얼룩|곰팡|긁|금\s*(?:이\s*)?가|이미|벌써|구멍|녹슬|변색|새\s*(?:거|상품|제품)\s*(?:맞|아니))"),
                (r"(?:엘리베이터|엘베|승강기)\S{0,3}\s*(?:가|이)?\s*(?:고장|안\s*(?:돼|되|움직)|점검|없)", r"(?:깨|찢|부서|불량|하자|파손)"),
                (_PREVENT, r"(?:받|왔|도착|벌써|이미|됐는데|졌는데|했는데|생겼)"),
                (r"금\s*(?:값|시세|팔러|팔려고|팔면|사러|투자|매입|테크)", r"(?:금\s*(?:이\s*)?(?:가\s*있|갔|가서)|깨|부서|불량)"),
                (r"(?:잘못|실수로)\s*(?:보냈|보내졌|보내짐|눌렀|쳤)|보내졌어요\s*무시|무시해\s*(?:주세요|줘)", r"(?:받|왔|도착|배송|상품|제품)"),
                # round 17: a relief ("설거지 스트레스가 확 줄었어요"), cooking asked ("언제 넣어야 안 물러요?"), a worry before it
                # comes ("흙 쏟아져 있는 거 아니죠?"), a taste one likes ("신맛 나는 커피 좋아하는데")
                (r"(?:스트레스|걱정|부담|시간|고민|일거리|설거지|청소|집안일)\S{0,2}\s*(?:가|이)?\s*(?:확\s*|많이\s*|엄청\s*|훨씬\s*|반으로\s*)?줄었",
                 r"(?:사이즈|크기|옷|니트|빨|세탁|건조|길이)"),
                (r"안\s*(?:상해|시들|깨져|터져|타|눌어)\S{0,2}\s*\?", r"(?:왔|받았|배송|도착)"),
                (r"(?:있는\s*거|있는거|오는\s*거|오는거|온\s*거|올\s*거)\s*아니(?:죠|겠죠|지요|지)", r"(?:왔는데|받았는데|도착했는데|받아\s*보니|열어\s*보니|뜯어\s*보니)"),
                (r"(?:좋아하는데|좋아해서|좋아하는\s*편|좋아하거든|추천\s*(?:해|좀|부탁))", r"(?:왔|받았|받은|도착|먹어\s*보니|마셔\s*보니|뜯어|너무\s*(?:시|써|짜|달))")),
    "angry": ((_ELSEWHERE, _BOUGHT_HERE),
              (r"(?:고양이|강아지|냥이|댕댕이|아기|애기|애가|아이가|남편|아내|와이프)\S{0,2}\s*[^.?!]{0,20}?(?:미치겠|미쳤|돌겠|환장)[^.?!]{0,6}[ㅋㅎ]",
               r"(?:배송|택배|주문|환불|답|연락|사장|직원|상품|제품)"),
              # what a mark on the label means ("실 라벨에 lot 숫자 적혀 있는데 이게 뭐에요")
              (r"(?:숫자|글자|표시|기호|라벨|마크|그림|문구|영어|약자)\S{0,3}\s*(?:\S{1,20}+\s+){0,3}?(?:적혀|써|쓰여|찍혀|붙어)[^?]{0,12}?이게\s*뭐",
               r"(?:왔|받|주문|배송|환불|교환)"),
              # the weather ("와 밖에 바람 미쳤네요 퇴근 조심하세요"), not the shop
              (r"(?:바람|날씨|비|눈|더위|추위|미세먼지)\S{0,2}\s*(?:이|가)?\s*(?:진짜\s*|완전\s*|너무\s*)?(?:미쳤|장난\s*아니)",
               r"(?:배송|택배|주문|상품|제품|답|연락|환불|사장|직원)")),
    "delay_complaint": ((_STILL_FINE, r"(?:배송|택배|주문|도착|출고|발송|답|연락|환불)"),
                        (r"(?:먹|쓰|마시|바르|입|키우|다\s*하)\S{0,2}려면|걸릴\s*(?:것|거)\s*같", r"(?:배송|택배|도착|출고|발송|답|연락|환불|기다)"),
                        (_SINCE_USE, r"(?:배송|택배|도착|출고|발송|답|연락|환불|기다|안\s*(?:와|오|왔))"),
                        # "요즘 탕후루 아직도 유행이에요?": 아직도 with nothing awaited
                        (r"아직도", r"안|못|없|배송|택배|주문|도착|답|연락|환불|발송|출고|기다|언제|처리|확인|소식|뭐|왜|오|와|결제|입금|반품|교환|취소")),
    "refund_dispute": ((_REFUND_HOW_LONG, _OVERDUE),
                       (r"(?:안\s*들면|맘에\s*안\s*들|마음에\s*안\s*들|변심|나중에)[^.!]{0,20}?(?:환불|반품|교환)\S{0,2}\s*(?:이\s*)?(?:안\s*(?:돼|되)|불가)\S{0,4}\s*\?", _OVERDUE),
                       (r"(?:돌려\s*받|환불\s*받)\S{0,4}\s*(?:싶은데|싶어요|싶은데요)\s*(?:\S{1,10}\s+)?(?:방법|어떻게|절차)", _OVERDUE),
                       (r"(?:단순\s*)?변심", r"(?:거절|거부|안\s*해\s*주|못\s*해\s*준|왜|미루|아직)"),
                       # a policy asked about one's case ("실링 뜯었는데 그래도 환불 안 돼요?", "이것도 반품 불가예요?")
                       (r"(?:그래도|이래도|이것도|이런\s*것도|이런\s*경우도?)\s*(?:\S{1,6}\s+)?(?:환불|반품|교환)\S{0,2}\s*(?:이\s*)?(?:안\s*(?:돼|되)|불가)\S{0,4}\s*\?",
                        r"(?:거절|거부|왜|미루|아직|안\s*해\s*주)")),
}
