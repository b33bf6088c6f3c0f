"""The built-in safety rules every shop gets: which messages a person must answer.

Each rule has a name (the reason staff see), keywords matched on Kiwi morphemes by
:mod:`bot.conversation.triage` (spacing and particles ignored), and patterns: regular
expressions on the lower-cased text for what keywords cannot say (word order, numbers,
slang such as "사람 ㄱㄱ", a tense: "못 받았어요" reports, "못 받나요" asks).

Rules are checked in the order of :data:`BUILTIN_RULES`; the first that fires is the
reason. A shop file's ``triage.keywords`` adds words to a rule (or names a new one) and
``triage.disable`` switches a built-in rule off by name; nothing else can remove one.
These are words any Korean shop hears, not one shop's vocabulary: add a word here only
when an owner of any kind of shop would recognise it.
"""

from __future__ import annotations

from bot.conversation.product_problems import DEFECT_PATTERNS, DEFECT_WORDS

# Duration words: a wait this long is a complaint when the shopper counts it (…째, 넘었어요).
_SPAN = r"(?:\d+\s*(?:일|주|주일|달|개월|시간)|하루|이틀|사흘|나흘|닷새|엿새|이레|일주일|열흘|보름|한\s*달|며칠|몇\s*일)"
# An order's delivery details a shopper asks staff to change (not a size or a colour: that is an exchange).
_WHERE = r"(?:주소|배송지|수령지|받는\s*(?:분|사람|곳)|수령인|연락처|전화\s*번호|입금자\s*(?:명|이름)?|동\s*호수|호수|우편\s*번호)"
# Days a gift or an outfit was for
_OCCASION = (r"(?:생일|생신|기념일|결혼식|돌잔치|백일|행사|파티|크리스마스|명절|추석|설날|여행|출국|캠핑|발표|시험|입학식|졸업식|"
             r"어버이날|어린이날|스승의\s*날|화이트데이|발렌타인|빼빼로데이|집들이|제사|환갑|칠순|면접|당일|그날)")
_LONG_SPAN = r"(?:\d+\s*(?:주|주일|달|개월)|일주일|열흘|보름|한\s*달)"
# An order already placed: "어제 주문한 거", "결제한 건", "주문번호 A1234"
_PLACED = (r"(?:주문한|주문했던|주문\s*넣은|주문\s*건|주문건|결제한|결제했던|결제\s*건|구매한|구입한|시킨|확정한|예약한|신청한|"
           r"(?:어제|아까|방금|오늘|그저께|지난주에?)\s*(?:산|주문|결제)|주문\s*번호\s*[:#]?\s*[a-z]{0,3}-?\d)"
           r"(?!\s*(?:다음|후|뒤|이후|담에))")
# Something staff do to it, asked for: "바꿔서 보내주세요", "하나만 빼 주세요", "재발행해 주세요", "반영됐나요?"
_ACT = (r"(?:바꿔|변경|추가|빼\s*(?=주|줘|고|서)|늘려|줄여|수정|고쳐|재발행|재발급|다시\s*(?:발행|발급|끊어)|반영|적용|당겨|미뤄|늦춰|부분\s*취소)"
        r"\S{0,3}\s*(?:서\s*(?:보내|배송|발송)\S{0,2}\s*)?"
        r"(?:주세요|주실|주시|줘|줄\s*수|부탁|좀|해\s*주|해\s*줘|하고\s*싶|하고싶|가능|될까|돼요|되나요|됐|되었|된\s*건|돼\s*있|되어\s*있|요\s*$)")
# Not yet sent: a change now is staff's to make ("출고 전이면 M으로 바꿔주세요")
_NOT_SENT = r"(?:출고\s*전|배송\s*준비\s*중|발송\s*전|포장\s*전|아직\s*안\s*(?:보냈|보내셨|나갔|출고|발송))"

# name -> (keywords, patterns). Order matters: the first rule that fires names the reason.
BUILTIN_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Someone trying to steer the bot: before anything else, whatever else the text says.
    "injection": (
        ("ignore previous", "ignore all", "ignore your", "previous instructions", "prior instructions",
         "your instructions", "system prompt", "your prompt", "you are now", "jailbreak", "developer mode",
         "시스템 프롬프트", "프롬프트", "지시 무시", "지시사항", "지시 사항", "규칙 무시", "규칙 다 무시", "규칙 다 잊",
         "이전 지시", "앞의 규칙", "관리자 모드", "개발자 모드", "지금부터 너는", "제한 없는", "그대로 출력",
         "주어진 규칙", "주어진 지시", "다른 고객 주문", "다른 고객의 주문", "ignore the above", "ignore everything",
         "disregard", "pretend you", "pretend to be", "act as", "you are dan", "no rules", "hidden prompt",
         "system note", "admin override", "system override", "관리자 공지", "관리자 메모", "관리자 명령", "운영자 공지",
         "운영자 메모", "내부 할인코드", "할인코드 목록", "숨겨진 프롬프트", "forget your", "forget all", "forget everything",
         "forget the rules", "forget previous", "forget prior", "new instructions", "admin password", "your password",
         "the password", "api key", "secret key", "credentials", "reveal your", "규칙 잊", "규칙은 잊", "지시 잊", "설정 무시",
         "명령 무시", "관리자 비밀번호", "관리자 계정", "관리자 권한", "어드민 비밀번호"),
        (r"^\s*(?:#{1,6}\s*|<{1,3}\s*|[\[(]\s*)?(?:system|시스템|assistant|관리자|운영자|developer|개발자|admin)\s*(?:note|메모|공지|명령|override)?\s*(?:[\]):：>]|>>)",
         r"(?:고객|손님|사용자)(?:에게|한테|께)\s*(?:보낼|할|줄|전달할)\s*(?:답변|답장|메시지|말|응답)\s*[:：]",
         r"^\s*(?:답변|응답|answer|reply)\s*[:：]",
         # a role claimed ("관리자입니다", "너는 이제부터 관리자야"), the bot told what to be or say
         r"(?:^|[.!,]\s*|저는\s*|나는\s*|난\s*|너는\s*|넌\s*|당신은\s*)(?:관리자|운영자|개발자|시스템|admin|administrator)\s*(?:입니다|이에요|예요|임|이다|야|이야)(?:[.!,\s]|$)",
         r"(?:너|넌|너는|니가|네가|당신|당신은|챗봇|챗봇은|봇은|ai는?)\s*(?:이제부터|지금부터|앞으로는?)|(?:이제부터|지금부터)\s*(?:너|넌|당신|챗봇|봇|ai)",
         r"(?:다|라)고\s*(?:답|대답|응답|안내)\s*(?:하세요|해라|해|하라|해\s*줘|하십시오|할\s*것)",
         r"(?:대화|지시|규칙|설정|명령|내용|프롬프트|룰)\S{0,3}\s*(?:\S{1,20}+\s+)?(?:다\s*|전부\s*|모두\s*|싹\s*)?(?:잊|무시)",
         r"새\s*(?:역할|캐릭터|페르소나)|역할\S{0,2}\s*(?:을|를)?\s*(?:바꿔|바꾸|맡아|해\s*줘)|역할극|persona",
         r"(?:관리자|운영자|개발자|사장)(?:인데|이니까|니까|라서|로서)\s",
         r"(?:모든|전체|전부|오늘|다른\s*사람)\S{0,2}\s*(?:\S{1,20}+\s+)?(?:주문|고객|회원)\S{0,2}\s*(?:목록|리스트|명단|개인\s*정보|연락처|주소)",
         r"(?:쿠폰|할인|코드|상품권|기프티콘)\S{0,3}\s*(?:\S{1,20}+\s+){0,2}?(?:만들어|생성해|생성\s*해|뽑아\s*줘|발급해\s*줘)"),
    ),
    "legal": (
        ("소비자원", "소보원", "소비자보호원", "소비자 보호원", "한국소비자원", "고소", "고발", "소송", "공정위", "식약처",
         "식품의약품안전처", "국민신문고", "법원", "소액재판", "법대로",
         "공정거래위원회", "민원", "법적", "변호사", "경찰", "내용증명", "피해구제", "lawyer", "sue you", "lawsuit",
         "police", "report you", "consumer agency", "consumer protection", "dispute the charge", "file a complaint"),
        (r"\b1372\b",
         # 신고 the verb ("신고할게요", "신고 접수"), not 신고 = wearing ("245 신고 다녀요") nor 분실·세관 신고
         r"(?<!분실)(?<!분실 )(?<!세관)(?<!세관 )(?<!통관)(?<!통관 )(?<!도난)(?<!도난 )(?<!전입)(?<!전입 )신고\s*"
         r"(?:하(?:겠|려|러|면|기|고\s*싶|세요|자|는\s*(?:수|게|거))|할|합|해(?:요|야|도|\s*버|\s*드|\s*볼|\s*주)|했|들어|접수|넣|당|감|각)",
         r"(?:원|위|처|서|고|사|청|센터|부)(?:에|에다|에다가|으로|로)\s*신고"),
    ),
    # Threats to the shop's name or money: public reviews, chargebacks.
    "threat": (
        ("리뷰 테러", "별점 테러", "불매", "공론화", "이의제기", "이의 제기", "이의신청", "이의 신청", "차지백", "chargeback", "가만 안", "두고 보", "두고보"),
        (r"(?:리뷰|후기|블로그|인스타|sns|커뮤니티|커뮤|맘카페|카페|유튜브).{0,12}(?:다|전부|싹|낱낱이)\s*(?:쓸|쓰겠|쓴다|올릴|올리겠|올린다|올립|남길|남기겠|퍼뜨|적어|적을|적겠|써\s*놓|써\s*드|올려\s*놓)",
         r"(?:맘카페|커뮤니티|커뮤|단톡방?|동네\s*카페|지역\s*카페)\S{0,2}\s*(?:\S{1,20}+\s+){0,2}?(?:올릴|올리겠|올려\s*버|쓸게|쓰겠|퍼뜨|공유할|공유하겠|알릴|알리겠)",
         r"(?:사지|쓰지|시키지|주문하지|이용하지|사지들)\s*말라고|(?:거르라|걸러라|조심하라)고",
         r"테러\s*(?:할|하겠|합니다|각오)",
         r"별점\s*(?:1|한)\s*(?:점|개)|(?:1|한)\s*점\s*(?:드립|줄|남길|박)"),
    ),
    "profanity": (
        ("씨발", "시발", "씨바", "씨팔", "ㅅㅂ", "ㅆㅂ", "병신", "ㅂㅅ", "존나", "졸라", "ㅈㄴ", "개새", "개색",
         "꺼져", "닥쳐", "지랄", "ㅈㄹ", "엿같", "좆", "fuck", "shit", "wtf"),
        (r"개(?:느리|빡|짜증|열받|같|판|노답|어이없|구리|허접)",
         r"(?<![가-힣])ㅈ\s*(?:같|까|나\b|도\s*모)|[씨시ㅆㅅ][^가-힣\s]{1,3}[발빨팔ㅂ]|[ㅅㅆ]발|병[^가-힣\s]{1,2}신|ㅂ[^가-힣\s]?신\b"),
    ),
    "angry": (
        ("화나", "화가 나", "짜증", "열받", "어이없", "어이가 없", "장난하", "장난치", "장난함", "최악", "사기", "미쳤",
         "미친", "이딴", "이따위", "개판", "엉망이", "엉터리", "빡치", "빡쳐", "너무하", "느려터", "뭐 하는 거",
         "답답하네", "답답해 죽", "양심", "양심 없", "똑바로", "양심이 없", "거짓말", "실망", "황당하", "뭐 하는 짓",
         "무슨 짓", "장난하시", "돈 아깝", "돈이 아깝", "ridiculous", "unacceptable", "terrible service", "worst",
         "scam"),
        (r"이게\s*(?:뭐냐|뭐임|뭐니|뭐야\s*[?!]|뭔가요\s*[?!]{2})|뭡니까",
         # what the shop is going to do about it: "어쩔 거예요", "어떻게 책임지실 거예요"
         r"(?:어쩔|어쩌실|어떡할|어떡하실|어떻게\s*하실|어떻게\s*책임)\s*(?:거|건|겁|건데|거예|거에|래)",
         # ignored by the shop ("계속 무시하시네요"); not "잘못 보냈어요 무시해 주세요"
         r"무시(?:하시|하네|하냐|하는\s*(?:거|건|것)|하고\s*(?:계|있)|당|하세요\s*\?|하셨|했|하지\s*마)",
         r"(?:게|는\s*게|건)\s*말이\s*(?:돼|되|됩니)",
         r"보다\s*(?:도\s*)?못(?:하네|해요|함|하다|하잖|한\s*(?:거|것|물건|수준|품질))",
         r"이게\s*(?:\S{1,20}+\s+){0,3}?\S*(?:이?라고요|이?라구요)\s*\?",
         r"(?:도착|출고|발송|배송|예정|당일|오늘|내일|무료|공짜|할인|증정|포함|사은품|서비스|정품|새\s*상품|국내산)\s*이?라(?:더니|면서|며\s|고\s*하더니|고\s*해\s*놓고)",
         r"이런\s*(?:\S{1,20}+\s+)?(?:가게|곳|쇼핑몰|업체|데|서비스|물건|상품|경우|대응|응대)\S{0,2}\s*(?:\S{1,20}+\s+)?처음\s*(?:보|봐|봤|봄|봅|겪)",
         r"쓰레기(?:를|를\s*보|\s*같|네|냐|야|임|인데|잖)",
         r"정상인가요|제대로\s*(?:못|안)\s*(?:보내|하|만들|파)",
         # "이게 뭐예요" closing a complaint (not "이게 뭐예요?" about a picture)
         r"\S.{8,}이게\s*뭐(?:예|에)요|이게\s*뭐(?:예|에)요\s*(?:진짜|정말|도대체|대체|ㅡ|;|\.\.|!)",
         r"일\s*(?:을\s*)?(?:이렇게|이따위|이런\s*식으로)\s*(?:하|처리)|이런\s*(?:걸|거를|것을|물건을)\s*(?:팔|보내)",
         # a promise not kept: "해 준다더니", "된다면서" (a refund promised is refund_dispute's)
         r"^(?!.*(?:환불|취소)\S{0,6}\s*해\s*준다).*(?:준|된|한|온)다(?:더니|면서|며\s|고\s*하더니|고\s*하시더니|고\s*해\s*놓고)"),
    ),
    "asked_for_person": (
        ("상담원", "상담사", "상담직원", "상담 직원", "상담 사원", "상담원 연결", "사람이랑", "사람하고", "사람 연결",
         "사람 바꾸", "사람 불러", "사람 상담", "진짜 사람", "담당자", "매니저", "고객센터", "전화 상담",
         "통화", "직접 여쭈", "직접 여쭙", "직접 통화", "직접 상담", "직접 얘기", "직접 말씀", "real person", "a human",
         "human please", "human agent", "talk to a", "talk to the", "speak to the", "talk to someone", "a person",
         "the owner",
         "speak to a", "speak with a", "customer service", "representative", "agent", "talk to human",
         "real human", "human pls", "human plz", "a real human", "live agent", "live chat"),
        (r"(?:챗)?봇\s*(?:말고|말구|아니고|싫)|챗봇(?:이랑|하고|과)\s*(?:말|얘기|대화)\S*\s*싫",
         r"사람\s*(?:ㄱ|좀|있어요|있나요|없나요|없어요|불러|연결|바꿔|나와|나오|이요\b|요\s*$)",
         r"사장님?\s*(?:이랑|하고|과|께|한테|좀)?\s*(?:바꿔|연결|불러|통화|얘기|이야기|나와|나오)",
         r"(?:사장|대표|책임자|주인)\S{0,2}\s*(?:계세|계신|계시|있으세|안\s*계|어디)",
         r"^\s*human\b",
         r"(?:사람|사장님|주인|담당자분?)\S{0,2}\s*(?:이|가|께서|분이)?\s*(?:직접\s*)?(?:답|대답|응대|상담|확인)\S{0,3}\s*(?:해\s*(?:주|줘)|부탁|받고\s*싶|해\s*주셨으면)",
         # 직원 asked for ("직원분 계세요?", "직원 연결", "직원이랑 얘기할게요"), not 직원 in "회사 직원 선물"
         r"직원\s*(?:분|님)?\s*(?:들)?\s*(?:이랑|하고|과|한테|께|에게|(?:이|가|은|는)?\s*(?:ㄱ|연결|바꿔|불러|계세|계신|계시|계십|"
         r"있어요|있나요|없나요|있으세|없어요|있으면|좀|부탁|이요|요(?![가-힣])|[?!.~]|$))",
         r"상담\S{0,3}\s*ㄱ|연결\s*(?:ㄱ|좀|해\s*주)|전화\s*(?:번호|주세요|해\s*주|좀|상담|가능)|(?:^|[.!?~]\s*|연락처\s*|사장님\s*|가게\s*|매장\s*)번호\s*좀"),
    ),
    "wrong_item": (
        ("잘못 배송", "잘못 배달", "엉뚱한", "누락", "구성품", "주문한 게 아니", "주문한 거랑 달",
         "주문한 것과 달", "wrong item", "missing item", "never arrived", "never received", "didn't receive", "did not receive",
         "haven't received", "have not received", "not received", "says delivered", "delivered but", "wrong size", "wrong color", "wrong colour",
         "sent the wrong", "sent me the wrong", "was missing", "is missing", "are missing"),
        (r"(?:잘못|다른\s*(?:게|거|것|상품|제품|색|색상|사이즈|물건|옷|신발)\S{0,2}|하나만|반만|절반만|일부만|한\s*(?:개|켤레|벌|짝|쪽)만|덜)\s*(?:왔|옴|와서|와\s*있|와있|온\s*것|온\s*거|배송)",
         r"(?:배송|배달|도착)\s*완료.{0,40}(?:없|못\s*받|안\s*왔|안\s*옴|안\s*받)",
         r"(?:못|안)\s*받았|받지\s*못했|받은\s*적(?:이)?\s*없",
         r"(?:시켰|주문했|샀)는데[^?]{0,25}[^안\s](?<!해서)(?<!보고)(?<!듣고)\s*(?:왔|옴|와\s*있|와있)(?:어|네|습|다|음|고|는데|$)",
         r"(?:구성|세트|박스|상자|포장)\S{0,3}\s+(?:\S{1,20}+\s+){0,3}?\S+(?:이|가)\s*없(?:어|네|었|는데|습|음)",
         r"빠진\s*채|빠져\s*(?:있|왔)|빠져있|안에\s*\S+(?:이|가)\s*없",
         r"오배송|오배달",  # as written: the analyzer reads "와서 오 배송…" into 오 + 배송 too
         r"분실(?!\s*신고)",  # a lost parcel, not a lost card reported (분실신고)
         # fewer than ordered: "3벌만 들었어요", "적게 왔어요", "하나가 안 왔어요", "사은품이 안 들어있어요"
         r"(?:\d+|[두세네]|다섯)\s*(?:개|벌|켤레|짝|장|봉|봉지|통|병|세트|팩|캔|포|박스|권)\s*만\s*(?:왔|옴|와\s*있|들었|들어\s*있|배송|받았)",
         r"(?:적게|덜|모자라게|부족하게)\s*(?:왔|옴|와\s*있|들었|들어\s*있|배송\s*됐|보내)",
         r"(?:하나|한\s*개|한\s*짝|한쪽|일부|나머지|\S{1,6}\s*개)\s*(?:가|이|는|은)\s*안\s*(?:왔|옴|와\s*있|들어)",
         r"안\s*들어\s*있(?:어|네|었|는데|습|음)|안\s*들었(?:어|네|는데)",
         # a pair that does not match, another person's parcel
         r"(?:왼|오른|한)\s*쪽\S{0,2}\s*(?:\S{1,20}+\s+){0,4}?(?:왔|와\s*있|와있)",
         r"다른\s*(?:사람|분|집)\S{0,2}\s*(?:주문|물건|택배|상품|거|것|이름)",
         # fewer than ordered: "하나밖에 없어요"; "신발만 오고 더스트백이 없어요"
         r"(?:주문|시켰|샀|구매|박스|상자|택배|봉투|안에).{0,20}밖에\s*(?:없(?:어|네|었|는데|습|음|더)|안\s*(?:왔|와|들))",
         r"만\s*(?:오고|왔고|왔는데|와서|도착했|들어\s*있고|들어있고|있고|들었고)\s*.{0,20}(?:없(?:어|네|었|는데|습|음|더|고)|안\s*(?:왔|와|들)|빠졌|빠져\s*있)",
         # left at the wrong door: "다른 집에 두고 간 것 같아요", "사진이 저희 집 현관이 아니에요"
         r"다른\s*(?:집|곳|데|주소|동|호수|층|건물|아파트)\S{0,2}\s*(?:\S{1,20}+\s+)?(?:두고\s*(?:갔|가)|놓고\s*(?:갔|가)|(?:배송|배달)\s*(?:됐|되었|돼\s*있|완료|된\s*(?:것|거)\s*같)|갔(?:어|네|나|다)|간\s*(?:것|거)\s*같)",
         r"(?:사진|배송\s*완료|배달\s*완료).{0,20}(?:집|현관|문\s*앞|문앞|주소)\S{0,2}\s*(?:이|가)?\s*아니(?:에요|예요|네|고|던데|라|야)",
         # the shop sent the wrong thing; not the shopper's own message sent by mistake ("잘못 보내짐 ㅋㅋ 죄송")
         r"^(?!.*(?:죄송|ㅋㅋ|무시해|실수로\s*(?:보냈|눌렀)|잘못\s*(?:눌|쳤|보내\s*졌|보내졌|보내짐))).*잘못\s*(?:보내|보냈)",
         # a number other than the one ordered: "240 시켰는데 245가 왔어요", "M 주문했는데 택은 L이에요"
         r"(?<![\da-z.])(\d{2,3}|xs|s|m|l|xl|xxl)\s*(?:사이즈\s*)?(?:으로|로|를|을)?\s*(?:시켰|주문했|주문\s*했|샀|구매했)(?:는데|거든요|어요\s*근데)"
         r"[^?]{0,30}?(?<![\da-z.])(?!\1(?![\da-z]))(\d{2,3}|xs|s|m|l|xl|xxl)(?![\da-z])\s*(?:사이즈\s*)?"
         r"(?:예요|에요|이에요|이네요|네요|이던데|던데|이더라|더라|라고|이라고|이?\s*(?:가|이)\s*(?:왔|와\s*있|들어\s*있|찍혀|적혀)|짜리)",
         # made to order wrongly: "각인 철자가 틀리게 나왔어요", "레터링이 제가 쓴 거랑 달라요"
         r"(?:각인|레터링|문구|인쇄|프린팅|자수|이니셜|이름|철자)\S{0,3}\s*(?:\S{1,20}+\s+){0,2}?(?:틀리게|잘못|다르게|오타\S{0,2})\s*(?:나왔|들어갔|새겨|찍혀|인쇄|왔|됐|났)",
         r"(?:각인|레터링|문구|인쇄|자수|이니셜)\S{0,3}\s*(?:\S{1,20}+\s+){0,3}?(?:쓴|적은|요청한|보낸|주문한)\s*(?:거|것|문구|내용)\S{0,2}\s*(?:랑|과|와|하고)\s*(?:달라|다르|달랐)",
         # fewer parts than needed: "나사가 하나 모자라요"
         r"(?:나사|부품|볼트|너트|구성품|부속|피스|조각|재료|\S{1,6}\s*(?:하나|한\s*개|\d+\s*개))\S{0,2}\s*(?:이|가)?\s*(?:\S{1,20}+\s+)?"
         r"(?:모자라(?:요|서|네|고|는데)|모자랐|부족(?:해요|해서|하네|했|합니))",
         # what was asked for on the order is not there: "카드 넣어 달라고 메모 썼는데 없었대요"
         r"\S\s*(?:달라고|주시라고|주세요라고)\s*(?:\S{1,20}+\s+){0,2}?(?:했|썼|적|요청|메모|부탁|말씀|남겼)"
         r"[^?]{0,30}?(?:없(?:었|어|네|더|대|다|는데|습|음)|안\s*(?:왔|들어|넣|해\s*주|되어|돼\s*있|됐)|빠져|빠졌|그냥\s*(?:왔|보내|비닐))"),
    ),
    # Anything wrong with the item received, for every kind of shop: bot/conversation/product_problems.py
    "damaged": (DEFECT_WORDS, DEFECT_PATTERNS),
    "compensation": (
        ("보상", "배상", "손해", "물어내", "물어주", "책임지", "책임져", "수선비", "위자료", "병원비", "치료비", "진료비", "compensation",
         "compensate"),
        (),
    ),
    "refund_dispute": (
        ("환불 안", "환불이 안", "환불 아직", "환불 처리 안", "환불 왜", "환불 거부", "환불 금액", "돈 돌려", "반품 거절", "반품을 거절", "부분환불", "부분 환불", "카드 취소가 안", "카드 취소 안", "반품 불가",
         "이중결제", "이중 결제", "중복결제", "중복 결제", "두 번 빠져나", "두 번 청구",
         "주문 내역이 없", "왜 제가 내", "배송비를 왜", "왜 배송비", "차감", "덜 들어", "결제 오류", "결제 에러", "결제 실패", "결제가 실패",
         "refund me", "not refunded", "still no refund",
         "charged twice", "double charged"),
        (r"(?:결제|승인|청구|카드)\S*\s*(?:가|이)?\s*그대로",
         r"결제\S{0,2}\s*두\s*번",  # "결제가 두 번 됐어요"; not "결제했는데 실수로 두 번 주문됐어요"
         r"(?:취소|해지|해제|탈퇴)\s*(?:했|한|했었)\S*\s*(?:\S{1,20}+\s+){0,3}?"
         r"(?:다시\s*|또\s*)?(?:물건|상품|택배|결제|카드|돈|청구|출금|빠져)",
         # money that should be back is not: "환불 처리됐다고 문자 왔는데 카드에 아직 안 들어왔어요"
         r"(?:환불|환급|카드\s*취소|결제\s*취소|승인\s*취소|취소\s*금액|부분\s*취소)[^?]{0,40}?(?:안\s*들어\s*(?:왔|와|오)|안\s*들어왔|"
         r"입금\S{0,2}\s*(?:이\s*)?안\s*(?:됐|돼|되|들어)|(?:아직|여태|여전히)\s*(?:안\s*(?:됐|돼|와|왔|들어|보여|찍혀|떠)|그대로|없|결제\s*(?:된|돼)))",
         r"(?:취소|환불)\S{0,2}\s*(?:처리\s*)?(?:됐|되었|완료)\S*\s*(?:\S{1,20}+\s+){0,4}?(?:내역|기록)\S{0,2}\s*(?:이|가)?\s*(?:없|안\s*(?:보|떠|나와))",
         r"(?:반만|일부만|절반만|덜|적게|조금만)\s*(?:들어왔|들어\s*왔|입금\s*(?:됐|되었)|환불\s*(?:됐|되었|해\s*주셨))",
         r"(?:적립금|포인트|쿠폰|마일리지|예치금)\S{0,2}\s*(?:\S{1,20}+\s+){0,4}?(?:안\s*돌아|돌아오지\s*않|복구\s*(?:가\s*)?안|반환\s*(?:이\s*)?안|사라졌)",
         # taken again after stopping it, and the money asked back: "또 빠져나갔네요 돌려주세요"
         r"(?:취소|해지|해제|탈퇴)\s*(?:눌렀|누른|신청했|신청한|요청했|요청한|처리\s*(?:됐|된))\S*\s*(?:\S{1,20}+\s+){0,3}?(?:또|다시)\s",
         r"(?:결제|출금|청구|돈)\S{0,2}\s*(?:가|이)?\s*(?:또|다시)\s*(?:됐|되었|돼\s*있|나갔|빠져)",
         r"(?:또|다시|이번\s*달(?:에)?도|이번\s*달\s*또)\s*(?:돈\S{0,2}\s*)?(?:빠져\s*나갔|빠져나갔|나갔|청구\s*(?:됐|되었)|출금\s*(?:됐|되었))",
         r"(?:돈|금액|결제\S{0,2}|차액|배송비|환불\S{0,2})\s*(?:\S{1,20}+\s+)?돌려\s*(?:주세요|줘|주셔야|주시|받아야|받고\s*싶|주실|내)|돌려\s*주세요\s*$",
         r"(?:또|다시|한\s*번\s*더|계속)\s*(?:결제|출금|청구)\s*(?:가\s*)?(?:됐|되었|돼\s*있|됨|됐네|되네|나갔)",
         r"(?:환불|취소)\S{0,6}\s*해\s*준다(?:더니|며|고\s*했)",
         r"두\s*번\s*(?:결제\s*(?:됐|되었|된)|빠져|청구|승인|나갔)",
         # money gone, order or points not there: "돈은 빠져나갔는데", "적립금이 안 들어왔어요"
         r"(?:돈|금액|결제)\S{0,2}\s*(?:\S{1,20}+\s+)?빠져\s*나갔|결제(?:는|가|도)?\s*(?:됐|되었|완료)\S*\s*(?:\S{1,20}+\s+){0,2}?(?:주문|내역)\S{0,2}\s*(?:이|가)?\s*(?:없|안\s*(?:보|떠|나와))",
         r"(?:입금|결제)\s*확인\S{0,2}\s*(?:이|가)?\s*(?:아직\s*)?안\s*(?:돼|되|됐|떠|뜨|나)",
         r"(?:적립금|포인트|마일리지|할인|쿠폰|캐시백)\S{0,2}\s*(?:\S{1,20}+\s+){0,3}?(?:(?:안|못)\s*(?:들어왔|됐|되었|받았|적용\s*됐|적용\s*안)|반영\S{0,2}\s*안\s*(?:됐|돼))"),
    ),
    # A shopper counting the days, or still waiting: a person, with an apology, not the shipping text.
    "delay_complaint": (
        ("아직도", "일주일째", "열흘째", "보름째", "며칠째", "몇일째", "언제까지 기다", "한참 됐", "한참 지났", "소식이 없", "연락이 없",
         "연락도 없", "답이 없", "답장이 없", "답변이 없", "still not", "still haven't", "still hasn't", "weeks late", "days late",
         "where is my order"),
        # counting from the day it came is a returns question ("받은 지 일주일 됐는데 반품 돼요?"), not a wait
        (rf"(?<!받은지 )(?<!받은 지 )(?<!받은지)(?<!받은 지){_SPAN}\s*(?:이|가|을|를|도)?\s*(?:째|넘었|넘게|넘도록|지났|지나도|지났는데)",
         rf"(?<!받은 )(?<!받은)(?<!받고 )지\s*{_LONG_SPAN}\s*(?:인데|이\s*넘|가\s*넘|됐는데|되었는데|지났)",
         # nobody answers: "답을 안 해요", "연락이 안 돼요", "세 번이나 남겼는데"
         r"답\S{0,2}\s*(?:을\s*)?(?:안|못)\s*(?:해\s*주|해요|하네|하시|주시|주네|줘|줬|받았|받고|받네|와|왔|오네)",
         r"연락\S{0,2}\s*(?:안|못)\s*(?:돼|됐|됨|되네|되고|되는데|닿|받으시|받으세|받네|받아|주시네|와요|오네|왔)",
         r"(?:[두세네]|\d+|몇|여러)\s*번(?:이나|을|째|씩)?\s*(?:\S{1,20}+\s+)?(?:남겼|문의했|문의\s*드렸|연락\s*드렸|연락했|전화했|물어보|물어봤|묻|여쭤|톡\s*(?:했|드렸|보냈)|보냈)",
         # a return nobody came to collect
         r"(?:기사|회수|수거)\S{0,3}\s*(?:\S{1,20}+\s+)?(?:아직|여태)\s*(?:안|못)\s*(?:오|왔|와|가져)",
         # a tracking number with no parcel behind it
         r"송장\S{0,4}만\s*(?:\S{1,20}+\s+){0,2}?(?:주|찍|뜨|나오|나왔|받|등록|올라)|(?:조회|추적)\S{0,2}\s*(?:가|이)?\s*안\s*(?:돼|되네|됨|됐|되는데|나와|나오|떠)",
         r"(?:또|계속|자꾸|번째|번이나)\s*(?:\S{1,20}+\s+)?(?:미뤄|밀려|밀렸|연기\s*(?:됐|되었|돼)|지연\s*(?:됐|되었|돼))|(?:또|계속|여태)\s*안\s*(?:왔|와요|오네|옴)",
         r"(?:been|over|more than)\s+(?:a|one|two|three|four|\d+)\s+(?:weeks?|months?)|still (?:nothing|no sign|waiting)",
         # it came after the day it was for: "생일 다 지나서 도착했어요", "늦어서 여행에 못 가져갔어요"
         rf"{_OCCASION}\S{{0,4}}\s*(?:\S{{1,20}}+\s+){{0,3}}?(?:다\s*|이미\s*|벌써\s*)?(?:지나서|지나고|끝나고|끝난\s*(?:뒤|후|다음)|지난\s*(?:뒤|후|다음)|끝나서)"
         r"\S{0,3}\s*(?:\S{1,20}+\s+)?(?:도착했|도착해서|도착하였|왔|와\s*버|받았|배송\s*(?:됐|왔))",
         r"(?:늦게\s*(?:와서|오는\s*바람에|도착해서)|안\s*와서|늦어서|늦는\s*바람에)\s*(?:\S{1,20}+\s+){0,4}?못\s*(?:\S{1,20}+\s+)?"
         r"(?:갔|했|썼|줬|드렸|입었|신었|챙겼|먹었|가져|신고\s*갔|입고\s*갔)"),
    ),
    # Something only staff can do for this order or this buyer: an invoice, a quote, a made-to-order
    # change, a new address, two orders in one box. Asked as a request, not as a policy question
    # ("세금계산서 발행되나요?"). A shop may have an FAQ on it (FAQ_FIRST): then that FAQ answers.
    "staff_request": (
        (),
        (r"(?:세금\s*계산서|현금\s*영수증|거래\s*명세서|견적서?)\S{0,3}\s*(?:\S{1,20}+\s+){0,2}?(?:(?:발행|보내|끊어|재발급|재발행|재발송|다시\s*(?:발행|발급|보내))\s*(?:해\s*)?(?:주세요|주십시오|부탁|줘)|받고\s*싶|부탁)",
         r"(?:낮춰|높여|줄여|늘려|바꿔|맞춰)\s*서?\s*제작|제작\s*해\s*(?:주실|줄|주세요|주시)",
         r"(?:옵션|수량|색상|사이즈)\s*(?:을|를)?\s*(?:\S{1,20}+\s+){0,3}?(?:변경|바꿔)\s*(?:부탁|해\s*주|주세요)",
         # the delivery day moved: "받는 날 다음주 화요일로 미뤄주실 수 있나요?"
         r"(?:받는\s*날|배송일|도착일|발송일|출고일|배송\s*날짜|받는\s*날짜|수령일|픽업\s*(?:시간|날짜|일))\S{0,3}\s*(?:\S{1,20}+\s+){0,3}?(?:미뤄|늦춰|당겨|바꿔|변경)",
         # an address or a name to change on an order: "주소를 잘못 적었어요", "배송지 바꿔야 해요"
         rf"{_WHERE}\S{{0,3}}\s*(?:\S{{1,20}}+\s+){{0,6}}?(?:바꿔|변경|수정|고쳐)\s*(?:해\s*)?(?:주세요|주실|주시|줘|부탁|야\s*해|해야|하고\s*싶|하려|드려야|좀)",
         rf"{_WHERE}\S{{0,3}}\s*(?:\S{{1,20}}+\s+)?(?:잘못|틀리게|다르게)\s*(?:적|썼|쓴|입력|기재|넣)|(?:잘못|틀리게)\s*(?:적은|쓴|입력한|기재한)\s*{_WHERE}",
         # two orders sent together: "주문 두 개 했는데 하나로 합쳐서 보내주세요"
         r"(?:주문|시킨|산\s*거|구매).{0,30}(?:하나로|한\s*(?:박스|상자|번)\S{0,2}|같이|함께|묶어서?|합쳐서?)\s*(?:\S{1,20}+\s+)?"
         r"(?:보내|배송|받)\S*\s*(?:주세요|주실|줄\s*수|주시|주면|줘|주나요|될까|되나요|가능|수\s*있)",
         r"(?:합배송|합포장|묶음\s*배송|묶어서?\s*배송)\S{0,2}\s*(?:좀\s*)?(?:해\s*(?:주세요|주실|주시|줘|줄\s*수)|부탁)"),
    ),
    # A check on this shopper's own order that only staff can make: no FAQ answers it.
    "order_request": (
        (),
        (  # "입금 확인 좀 해주세요", "처리됐는지 확인 부탁드려요" (an order number alone is order_talk's)
         r"(?:입금|결제|환불|반품|교환|취소|주문|신청|접수|처리)\S{0,8}\s*(?:\S{1,20}+\s+){0,2}?확인\s*(?:좀\s*)?(?:해\s*주|부탁|해\s*줘|바랍|해\s*주시|요청)",
         # a deposit not seen yet: "입금했는데 아직 입금대기로 떠요", "방금 입금했는데 확인됐나요?"
         r"입금\s*(?:했|했는데|했어|완료)[^?]{0,30}?(?:확인|입금\s*대기|대기|안\s*(?:됐|떠|되|넘어))",
         r"입금자\s*(?:명|이름)?\S{0,2}\s*(?:\S{1,20}+\s+){0,3}?\S{0,4}?(?:다르|달라|다른|잘못|으로\s*(?:보냈|입금|넣었))",
         # what becomes of my order after the shop changed it: "제 주문은 어떻게 되는 거예요?"
         r"(?:제|내|저희)\s*주문\S{0,2}\s*(?:\S{1,20}+\s+)?어떻게\s*(?:되|돼|처리|하)|주문한\s*(?:\S{1,20}+\s+){0,2}?품절(?:이|로|됐|되었|이라)",
         # a placed order changed: "어제 주문한 하네스 S를 M으로 바꿔서 보내주세요", "간식 하나만 빼고 부분취소 해주세요"
         rf"{_PLACED}[^?]{{0,50}}?{_ACT}|{_ACT}[^?]{{0,30}}?주문\s*(?:번호|건)|{_NOT_SENT}[^?]{{0,40}}?{_ACT}|{_ACT}[^?]{{0,40}}?{_NOT_SENT}",
         r"부분\s*취소\S{0,3}\s*(?:좀\s*)?(?:해\s*(?:주|줘)|부탁|요\s*$|하고\s*싶|원해)",
         r"(?:하나|한\s*개|\S{1,6})만\s*(?:빼고|제외하고)\s*(?:\S{1,20}+\s+)?(?:취소|보내|결제|환불|배송)",
         r"(?:중에|중에서)\s*(?:\S{1,20}+\s+)?\S{1,6}만\s*(?:취소|빼)\S{0,3}\s*(?:해\s*)?(?:주세요|주실|주시|부탁|줘)",
         # a check on an order by its number ("주문번호 … 확인 부탁드려요"); a delivery check is order_talk's
         r"주문\s*번호\s*[:#]?\s*[a-z]{0,3}-?\d(?:(?!배송|택배|송장|조회|도착|출고|발송|어디)[^?]){0,60}?"
         r"(?:확인|처리|봐)\s*(?:좀\s*)?(?:해\s*주|부탁|해\s*줘|바랍|주세요|주실|주시)",
         # the status of this shopper's own refund, return or exchange: "어제 환불 요청한 거 처리된 건가요?"
         r"(?:환불|반품|교환|취소)\S{0,3}\s*(?:요청|신청|접수)?\S{0,3}\s*(?:한|했던|하신)?\s*(?:거|건|것)?\S{0,2}\s*(?:\S{1,20}+\s+)?(?:처리\s*)?"
         r"(?:된\s*(?:거|건|게)\s*(?:맞|인가|이에요|예요|인지)|됐는지|되었는지|됐나요|된\s*건가|됐어요\s*\?|처리\s*(?:됐|되었|된)|진행\s*(?:됐|되고|상황))",
         # what was asked for on the order: "제작 요청 메모 반영됐나요?", "문구 오타 났어요 수정해주세요"
         r"(?:요청|메모|요청\s*사항|문구|각인|레터링)\S{0,3}\s*(?:\S{1,20}+\s+)?(?:반영|적용|전달)\s*(?:이\s*)?(?:됐|되었|된\s*건|됐는지|안\s*(?:됐|되))",
         r"(?:오타|잘못\s*(?:적었|썼|입력|넣었|들어갔|나왔))\S*\s*(?:\S{1,20}+\s+){0,3}?(?:수정|고쳐|바꿔|변경|다시)\S{0,3}\s*(?:해\s*)?"
         r"(?:주세요|주실|주시|줘|부탁)"),
    ),
}

# Requests a shop may have written an FAQ about (주소 변경, 세금계산서): the router answers with that
# FAQ when it names what the request is about, and sends the request to a person otherwise.
FAQ_FIRST: frozenset[str] = frozenset({"staff_request"})
# What a request is about when its words are not nouns: "합쳐서 보내주세요" is about 묶음배송.
TOPIC_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"하나로|한\s*(?:박스|상자|번)|같이|함께|묶어|합쳐|합배송|합포장|묶음", ("묶음", "합배송", "합포장")),
    # a quote is asked for a large order: the shop's FAQ on 단체·대량 주문 answers it
    (r"견적", ("대량", "단체", "단체주문", "대량주문", "대량구매")),
)

# Weak signs of anger (one alone is not anger; ``anger_min_signals`` together are).
ANGER_SIGNALS: tuple[str, ...] = (
    "도대체", "대체", "며칠째", "일주일째", "열흘째", "한참", "몇 번", "몇번을", "왜 이렇게", "왜이리",
    "언제까지", "너무하", "답답", "황당", "말이 안", "참나", "어이가", "기가 막", "제발",
)

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
_OWN_NATURE = (r"(?:(?:잘|자주|쉽게|금방|툭하면)\s*(?:나는|나서|생기는|생겨서|올라오는|올라와서|뒤집어지는|뒤집히는|붉어지는|빨개지는|일어나는|가려운|"
               r"트는|타는|붓는|헐어)|예민한|예민해서|예민하거든|민감한|민감해서|민감성|건성|지성|복합성|수부지|아토피|알레르기가?\s*있|"
               r"알러지가?\s*있|(?:쓸|바를|먹을|쓰는|바르는|먹는)\s*때마다)")
_QUESTION = r"(?:\?|괜찮을까|괜찮나|괜찮아요|될까|되나|돼요\s*\?|없을까|않을까|안\s*나나|어떨까|맞을까|쓸\s*수\s*있|추천)"
_SELF_CAUSED = (r"(?:뜯다가|열다가|뜯으면서|열면서|제가\s*(?:\S{1,20}+\s+)?(?:실수로|떨어뜨|깨뜨|찢|쏟|엎))[^?]{0,60}?"
                r"(?:이래도|그래도|이런\s*(?:것도|거도|경우)|이\s*경우)\s*(?:\S{1,20}+\s+)?(?:반품|교환|환불|돌려\s*보|수리)")
# what the shopper did with the item: a report of what it did to them, not a question in advance
_USED_IT = (r"(?:먹고|먹었|먹였|먹인|먹은\s*(?:뒤|후|다음)|바르고|발랐|바른\s*(?:뒤|후|다음|자리|데)|쓰고\s*나|썼더니|썼는데|"
            r"써\s*봤는데|사용하고|사용했더니|받았는데|받은\s*(?:거|게|제품|상품)|왔는데|도착했는데)")
# only the shipping box got hurt, and the shopper asks whether a return is still possible
_BOX_ONLY = (r"(?:박스|상자|겉\s*포장|포장\s*박스|쇼핑백)\S{0,2}\s*(?:가|이|는|만)?\s*(?:좀\s*|살짝\s*|조금\s*|약간\s*)?"
             r"(?:찢어|구겨|찌그러|젖|눌려|뜯어)[^?]{0,30}?(?:반품|교환|환불|돌려\s*보)\S{0,4}\s*(?:돼|되|가능|할\s*수|될까)")
# what happens if: "바르면 트러블 안 나요?", "먹으면 배탈 나나요?"
_IF_USED = (r"(?:바르면|쓰면|먹으면|먹이면|입으면|신으면|빨면|세탁하면|사용하면|끓이면|데우면|돌리면|씻으면|넣으면)"
            r"[^.!]{0,30}?(?:\?|나요|까요|나여|는지|ㄴ가요|는가요)")
# what happened with another shop or another time, told before asking about this one: "다른 데서 산 냄비는 코팅이
#금방 벗겨졌는데 여기 건 오래 가나요?"; not "저번에 여기서 산 게 그랬는데"
_ELSEWHERE = (r"^(?=.*(?:다른\s*(?:데|곳|쇼핑몰|가게|브랜드|매장|사이트|회사)|전에\s*(?:쓰던|산|먹던|먹이던|신던|입던|쓴)|예전|저번에\s*다른|작년에|"
              r"(?:던|은)\s*적이\s*있))(?=.*(?:여기|이번|이\s*(?:제품|상품|크림|사료|신발|옷)|적이\s*있)).*" + _QUESTION)
_BOUGHT_HERE = r"(?:여기서\s*(?:산|받은|시킨|주문한|샀)|이번에\s*(?:산|받은|온|시킨)|받은\s*(?:거|게)|(?:어제|오늘|방금)\s*받)"
ASKED_BEFORE: dict[str, tuple[tuple[str, str], ...]] = {
    "damaged": ((rf"{_STILL_FINE}|^(?=.*{_OWN_NATURE}).*{_QUESTION}|{_SELF_CAUSED}|{_BOX_ONLY}|{_IF_USED}", _USED_IT),
                (_ELSEWHERE, _BOUGHT_HERE)),
    "delay_complaint": ((_STILL_FINE, r"(?:배송|택배|주문|도착|출고|발송|답|연락|환불)"),),
    "refund_dispute": ((r"단순\s*변심", r"(?:거절|거부|안\s*해\s*주|못\s*해\s*준|왜|미루|아직)"),),
}

# Reasons where the shopper is upset or harmed: the handoff apologises first.
UPSET_RULES: frozenset[str] = frozenset(
    {"angry", "profanity", "threat", "damaged", "wrong_item", "refund_dispute", "legal", "compensation",
     "delay_complaint"}
)
