-- wrk script for bench/webhook_load.py: Kakao skill calls asking FAQ questions.
--
--   wrk -t2 -c16 -d10s -s bench/kakao_load.lua http://127.0.0.1:8000 -- users=5000 dup=0.2 threads=2 seed=1
--
-- users: distinct shoppers (split between the wrk threads, so a shopper's messages come in order;
-- threads must repeat -t);
-- dup: share of requests that re-send this thread's previous body byte for byte (a Kakao retry).
-- A shopper never asks the same question twice in a row, so a non-retry is a new message.
-- done() prints one line "RESULT {json}" that the Python driver reads.

local questions = {
  "배송 언제 와요?", "반품하고 싶어요", "교환 가능한가요?", "사이즈 어떻게 골라요?",
  "주문 취소하고 싶어요", "택배 언제 출발해요?", "환불 어떻게 받아요?", "반품 어떻게 해요?",
  "사이즈표 어디 있어요?", "주문 변경 가능해요?", "교환 신청하려면요?",
}

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local users, nthreads, dup, n, previous = 16, 1, 0.0, 0, nil
-- Globals, not locals: done() reads them from each thread with thread:get.
non2xx, sent_dups = 0, 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  for _, arg in ipairs(args) do
    local key, value = arg:match("^(%w+)=(.+)$")
    if key == "users" then users = tonumber(value) end
    if key == "dup" then dup = tonumber(value) end
    if key == "threads" then nthreads = tonumber(value) end
    if key == "seed" then math.randomseed(tonumber(value) + tid * 7919) end
  end
end

local function body_for(user, question)
  return '{"intent":{"id":"fallback","name":"폴백 블록"},"userRequest":{"timezone":"Asia/Seoul",'
    .. '"params":{"surface":"Kakaotalk.plusfriend"},"block":{"id":"fallback","name":"폴백 블록"},'
    .. '"utterance":"' .. question .. '","lang":"ko","user":{"id":"bench-' .. user .. '","type":"botUserKey",'
    .. '"properties":{"plusfriendUserKey":"pf-' .. user .. '"}}},"bot":{"id":"bench-bot","name":"벤치봇"},'
    .. '"action":{"id":"bridge","name":"bridge-skill","params":{},"detailParams":{},"clientExtra":{}},"contexts":[]}'
end

function request()
  if previous ~= nil and math.random() < dup then
    sent_dups = sent_dups + 1
    return wrk.format("POST", "/webhooks/kakao", headers, previous)
  end
  -- This thread's shoppers are tid, tid + nthreads, ...; round-robin over them, and each
  -- shopper moves to the next question on each visit.
  local mine = math.max(math.floor((users - tid + nthreads - 1) / nthreads), 1)
  local slot = n % mine
  local visit = math.floor(n / mine)
  local user = tid + slot * nthreads
  local question = questions[(visit + user) % #questions + 1]
  n = n + 1
  previous = body_for(user, question)
  return wrk.format("POST", "/webhooks/kakao", headers, previous)
end

function response(status, hdrs, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad, dups = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    dups = dups + (t:get("sent_dups") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,'
      .. '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"dups":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    bad, e.connect, e.read, e.write, e.timeout, dups))
end
