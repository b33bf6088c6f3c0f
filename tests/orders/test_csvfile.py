"""The CSV source: Excel's "CSV UTF-8", refused rows with their line and reason, and the
replace-on-import, on a real Redis; then the command an owner runs."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.base import Order, Status, verify
from orders.cli import main
from orders.csvfile import HEADER, CsvError, import_csv, parse
from tests.orders.conftest import FIXTURES

CSV = FIXTURES / "csv"


def test_excel_csv_utf8_with_bom_and_the_ways_shops_write_couriers(store):
    taken, refused = import_csv(CSV / "excel_utf8_bom.csv", store)

    assert (taken, refused) == (5, [])
    cj = store.lookup("20261127-0000123")
    assert cj == Order("20261127-0000123", Status.SHIPPED, "김민지", "6789", "kr.cjlogistics", "CJ대한통운",
                       "640123456789", date(2026, 11, 27), "csv")
    post = store.lookup("20261127-0000124")
    assert (post.carrier, post.tracking_no, post.shipped_on) == ("kr.epost", "6865012345678", date(2026, 11, 27))
    assert verify(post, "1234") and not verify(post, "")
    assert verify(store.lookup("20261127-0000125"), "이서연")
    assert store.lookup("20261127-0000126").phone_last4 == "0123"  # Excel dropped the zero
    waiting = store.lookup("20261127-0000127")
    assert waiting.status == Status.PREPARING and not waiting.shipped


def test_bad_rows_are_refused_with_their_line_and_reason_and_the_rest_taken(store):
    taken, refused = import_csv(CSV / "bad_rows.csv", store)

    assert taken == 2
    reasons = dict(refused)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 12]
    assert "주문자와 전화 뒷자리가 모두 비어" in reasons[3]
    assert "번개택배" in reasons[4]
    assert "6.40123E+11" in reasons[5] and "텍스트" in reasons[5]
    assert "송장번호" in reasons[6]
    assert "12345" in reasons[7]
    assert "2026-11-27처럼" in reasons[8]
    assert "2번째 줄에 이미" in reasons[9]
    assert "송장번호가 비어" in reasons[12]
    assert store.lookup("20261127-0000210").carrier == "kr.kdexp"
    assert store.lookup("20261127-0000202") is None


def test_the_next_import_replaces_the_previous_list(store, redis):
    import_csv(CSV / "excel_utf8_bom.csv", store)
    taken, _ = import_csv(CSV / "next_day.csv", store)

    assert taken == 1 and store.count() == 1
    assert store.lookup("20261127-0000123") is None
    assert store.lookup("20261128-0000001").carrier == "kr.lotte"
    assert [k for k in redis.keys("test:orders:*") if ":next:" in k] == []  # no staging key left


def test_a_file_that_cannot_be_read_or_has_nothing_to_take_keeps_the_previous_list(store, tmp_path):
    import_csv(CSV / "next_day.csv", store)
    with pytest.raises(CsvError, match="UTF-8"):
        import_csv(CSV / "cp949.csv", store)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("order,name\n1,2\n", encoding="utf-8")
    with pytest.raises(CsvError, match="주문번호"):
        import_csv(wrong, store)
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(HEADER) + "\n,,,,,\n", encoding="utf-8")
    assert import_csv(empty, store) == (0, [])
    assert store.lookup("20261128-0000001") is not None


def test_the_owners_command_prints_what_it_took_and_refused(store, capsys):
    code = main(["import", str(CSV / "bad_rows.csv")], store=store)
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("2건을 불러왔어요.\n")
    assert "  4번째 줄: 택배사를 알 수 없어요: 번개택배\n" in out

    assert main(["import", str(CSV / "cp949.csv")], store=store) == 1
    assert "불러오지 못했어요: UTF-8 파일이 아니에요" in capsys.readouterr().out


def test_python_dash_m_orders_import_runs(redis_url, redis):
    if not redis_url.startswith("redis://"):
        pytest.skip("needs a REDIS_URL a second process can reach")
    env = {"REDIS_URL": redis_url, "REDIS_PREFIX": "test", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "orders", "import", str(CSV / "next_day.csv")],
                          check=False, capture_output=True, text=True, env=env, cwd=str(FIXTURES.parent.parent.parent),
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1건을 불러왔어요.\n"
    assert redis.hget("test:orders:set:csv", "20261128-0000001")


# -- the parser on whatever Hypothesis writes ----------------------------------------

hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2, max_size=5)
couriers = st.sampled_from(["CJ대한통운", "대한통운", "CJ택배", "우체국택배", "우체국", "한진택배", "롯데택배",
                            "로젠택배", "경동택배", "쿠팡", " cj 대한통운 ", "(주)한진"])
rows = st.lists(
    st.tuples(
        st.from_regex(r"[0-9]{8}-[0-9]{7}", fullmatch=True),
        hangul,
        st.from_regex(r"[0-9]{4}", fullmatch=True),
        couriers,
        st.from_regex(r"[0-9]{10,13}", fullmatch=True),
        st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    ),
    min_size=1, max_size=20, unique_by=lambda r: r[0],
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, bom=st.booleans(), crlf=st.booleans())
def test_every_well_formed_row_is_taken_as_written(rows, bom, crlf):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(HEADER)
    for no, name, phone, courier, tracking, sent in rows:
        writer.writerow([no, name, phone, courier, tracking, sent.isoformat()])
    orders, refused = parse(("\ufeff" if bom else "") + buffer.getvalue())

    assert refused == []
    assert [(o.order_no, o.orderer_name, o.phone_last4, o.tracking_no, o.shipped_on) for o in orders] == [
        (no, name, phone, tracking, sent) for no, name, phone, _, tracking, sent in rows]
    assert all(o.carrier.startswith("kr.") for o in orders)
    assert all(verify(o, o.phone_last4) and verify(o, f" {o.orderer_name} ") for o in orders)


@settings(max_examples=200, deadline=None)
@given(body=st.text(max_size=300))
def test_any_text_under_the_header_is_taken_or_refused_never_a_crash(body):
    orders, refused = parse(",".join(HEADER) + "\n" + body)
    assert all(isinstance(line, int) and reason for line, reason in refused)
    assert all(o.order_no and (o.orderer_name or o.phone_last4) for o in orders)
