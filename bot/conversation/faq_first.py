"""Damage a shop's own FAQ may answer, when the shopper asks rather than reports a fault on arrival.

Triage (:mod:`bot.conversation.triage`) still names such a message ``damaged``, with topics the router
(:mod:`bot.conversation.routing`) checks against what each FAQ is about: the FAQ on repairs answers a repair
asked for after long use; the FAQ whose answer says a change with use is natural answers "is this normal?".
A shop without such an FAQ hands the message to a person, as for any damage.
"""

from __future__ import annotations

# Wear after long use, and a repair or a spare part asked for ("작년에 산 지갑 실밥이 풀렸는데 수선 맡길 수 있나요?",
# "폴대 한 마디가 부러졌는데 그 부분만 살 수 있나요?"): the shop's FAQ on repairs or parts answers it if it has one
# (its words name one of REPAIR_TOPICS); a fault on arrival or at first use stays a person's.
REPAIR_ASKED = (r"(?:수선|수리|고쳐|고칠|고치|꿰매|꿰맬|바느질|\bas\b|a/s|에이에스|부품|교체|(?:만|따로)\s*(?:살|사|구매|구입|주문)|따로\s*(?:팔|파))"
                r"\S{0,6}\s*[^.!]{0,20}?(?:\?|나요|까요|있어|돼요|되요|되나|가능|얼마|맡길|해\s*주)")
NEW_ITEM = (r"받았는데|받아\s*보니|받자마자|받은\s*(?:지|날)|왔는데|와서|왔어요|왔네|도착|배송|택배|뜯어\s*보니|열어\s*보니|꺼내\s*보니|새\s*(?:거|제품|상품)"
            r"|처음|자마자|한\s*번\s*(?:쓰|썼|사용|입|신|켰)|개봉")
REPAIR_TOPICS: tuple[str, ...] = ("수선", "수리", "부품", "교체", "수선비", "수리비")
# How to get rid of a mark oneself ("기스 났는데 어떻게 없애요?", "얼룩 지우는 법 있어요?"): the FAQ on care answers it if
# the shop has one (its words name one of CARE_TOPICS); a mark found on arrival stays a person's.
CARE_ASKED = (r"어떻게\s*(?:해야\s*)?(?:없애|지우|지워|제거|빼|복구|살리|펴|닦|관리)|(?:없애|지우|제거하|빼|닦|관리하)는\s*(?:법|방법)"
              r"|(?:없앨|지울|뺄|제거할)\s*(?:수|방법)|지워지(?:나요|나|ㄹ까요|요\s*\?)|지워질까|없어지나요|없어질까"
              r"|(?:얼룩|기스|스크래치|자국)\S{0,3}\s*(?:\S{1,6}\s+)?(?:어떡해|어떻게\s*해)")
CARE_TOPICS: tuple[str, ...] = ("관리", "관리법", "케어", "손질")
# Whether a change seen with use is normal, asked ("난방 틀었더니 이음새가 벌어졌어요 괜찮은 건가요?", "은반지가 거뭇해졌어요
# 불량인가요?"): the FAQ whose answer says such a thing is natural and no defect answers it (NATURAL_ANSWER; the
# router marks those FAQs with NORMAL_ASKED); a fault on arrival (NEW_ITEM) stays a person's.
NORMAL_ASKED = "정상 여부"
IS_IT_NORMAL = (r"괜찮은\s*(?:건|거)|괜찮은가요|괜찮나요|정상(?:인가|인지|인거|이죠|이에요\s*\?|맞)|(?:하자|불량)\S{0,2}\s*(?:인가|인지|아니|아닌)|(?:하자|불량)(?:이에요|예요|이죠|인가요|임)\s*\?"
                r"|원래\s*(?:이런|그런|이래|그래)|상한\s*(?:건가|거\s*아니|건지)|다시\s*붙|자연스러운\s*(?:건|거)|라는\s*(?:건가|거예|거에)")
NATURAL_ANSWER = r"자연스러|불량이\s*아니|하자가\s*아니|정상이에요|정상적인\s*(?:현상|거)|성질이에요|특성이에요|특성이라"
