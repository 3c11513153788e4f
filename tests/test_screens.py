"""The screens (form4.analysis) on small stores of real filings, with planted patterns checked row
by row: a true cluster, a joint filing that must not be one, an amendment that replaces a trade,
a 4/A restating only holdings, insiders routine and opportunistic over four years, rows left out.
Every expectation is worked out by hand from the filings (tests/data/xml) and the plants."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import form4
from form4 import EdgarHeader, Filing, NonDerivativeTransaction, Store
from form4.analysis import SCREENS, _cache, report_of
from form4.cli import app

from .conftest import DATA

RUNNER = CliRunner()
XML = DATA / "xml"

# Real filings: Musk buys TSLA in 8 tranches on 2018-05-07 (CEO); Botha buys NTRA in 3 rows on
# 2022-03-16 (director); Mithril's six owners (Thiel among them) file one joint Form 4 buying
# GUTS; McGuinness (President and COO) buys 4,444.444 shares of a non-traded REIT, a new holding.
TSLA = "0001494730-18-000002"
NTRA = "0001062993-22-008150"
GUTS = "0000950170-24-012830"
REIT = "0001528985-14-000001"


def real(name: str) -> Filing:
    return form4.read(XML / f"{name}.xml")


def filed(filing: Filing, accession: str, on: date, **changes: object) -> Filing:
    """The filing as EDGAR would list it: its accession number and filing date."""
    kind = str(changes.get("document_type", filing.document_type))
    header = EdgarHeader(accession_number=accession, filed=on, submission_type=kind)
    return replace(filing, header=header, **changes)  # type: ignore[arg-type]


def by(filing: Filing, cik: str, name: str, **roles: object) -> Filing:
    """The filing as if one other owner reported it alone."""
    owner = replace(filing.owners[0], cik=cik, name=name, **roles)  # type: ignore[arg-type]
    return replace(filing, owners=(owner,))


def rows(filing: Filing, **changes: object) -> Filing:
    """Every Table I transaction of the filing with ``changes``."""
    changed = tuple(
        replace(r, **changes) if isinstance(r, NonDerivativeTransaction) else r  # type: ignore[arg-type]
        for r in filing.non_derivative
    )
    return replace(filing, non_derivative=changed)


def moved(filing: Filing, days: int) -> Filing:
    """The filing's trades (and period of report) ``days`` later."""
    shift = timedelta(days=days)
    changed = tuple(
        replace(r, transaction_date=r.transaction_date + shift)
        if isinstance(r, NonDerivativeTransaction) and r.transaction_date
        else r
        for r in filing.non_derivative
    )
    period = filing.period_of_report + shift if filing.period_of_report else None
    return replace(filing, non_derivative=changed, period_of_report=period)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "s.duckdb") as opened:
        yield opened


def add(store: Store, filings: Iterable[Filing]) -> None:
    result = store.add(list(filings))
    assert result.failed == 0


def answer(store: Store, name: str, **params: object) -> list[dict[str, object]]:
    return store.screen(name, **params).to_pylist()


def both_ways(store: Store, name: str, **params: object) -> list[dict[str, object]]:
    """The answer computed from the store's tables, then from the analysis tables (optimize):
    the same rows."""
    live = store.screen(name, **params)
    assert not report_of(live).from_analysis_tables
    store.optimize()
    cached = store.screen(name, **params)
    assert report_of(cached).from_analysis_tables
    assert cached.to_pylist() == live.to_pylist()
    return cached.to_pylist()


# -- the trade row -------------------------------------------------------------------------------
def test_tranches_of_one_day_are_summed_into_one_trade_row(store: Store) -> None:
    add(store, [filed(real(TSLA), "0001494730-18-000002", date(2018, 5, 9))])
    (row,) = both_ways(store, "latest-purchases")
    shares = [5903, 4845, 3508, 4514, 739, 4358, 3000, 6133]
    prices = ["295.028", "296.311", "297.151", "298.01", "299.252", "300.012", "301.376", "302.133"]
    value = sum(Decimal(s) * Decimal(p) for s, p in zip(shares, prices, strict=True))
    assert value == Decimal("9850509.140")
    assert row["TRADES"] == 8 and row["MULTIPLE"] and row["FLAGS"] == "M"
    assert row["SHARES"] == Decimal(33000)
    assert row["VALUE"] == value  # exact: no tranche lost, none counted twice
    assert row["PRICE"] == Decimal("298.500277")  # 9,850,509.140 / 33,000, 6 places
    assert row["SHARES_OWNED_AFTER"] == Decimal(33665421)  # the last tranche's
    # held before: 33,665,421 - 33,000 = 33,632,421; 33,000 / that = 0.0981%
    assert row["DELTA_OWN"] == pytest.approx(0.1)
    assert row["TRADE_DATE"] == date(2018, 5, 7) and row["FILING_DELAY"] == 2
    assert row["IS_OFFICER"] and row["IS_CEO_CFO"] and row["OFFICER_TITLE"] == "CEO"
    assert row["TICKER"] == "TSLA" and row["OWNER_NAMES"] == "Musk Elon"


def test_two_identical_tranches_are_both_counted(store: Store) -> None:
    # Two rows alike in every value (the same shares at the same price, one day): two trades.
    musk = real(TSLA)
    first = musk.non_derivative[0]
    twice = replace(
        musk, non_derivative=(first, replace(first, shares_owned_after=Decimal(33638324 + 5903)))
    )
    add(store, [filed(twice, "0001494730-18-000002", date(2018, 5, 9))])
    (row,) = answer(store, "latest-purchases")
    assert row["TRADES"] == 2 and row["SHARES"] == Decimal(11806)
    assert row["VALUE"] == 2 * Decimal(5903) * Decimal("295.028")


def test_a_new_holding_has_no_delta_but_is_marked_new(store: Store) -> None:
    add(store, [filed(real(REIT), "0001528985-14-000001", date(2014, 4, 25))])
    (row,) = answer(store, "latest-purchases")
    assert row["SHARES"] == row["SHARES_OWNED_AFTER"] == Decimal("4444.444")
    assert row["DELTA_OWN"] is None and row["NEW_POSITION"]
    # the officer box and a title naming President and COO
    assert row["IS_OFFICER"] and not row["IS_CEO_CFO"]


def test_an_officer_by_title_alone(store: Store) -> None:
    botha = real(NTRA)
    chair = by(
        botha,
        "0000000042",
        "CHAIR PERSON",
        is_officer=False,
        is_other=True,
        other_text="Chairman of the Board",
    )
    add(store, [filed(chair, "0001062993-22-008150", date(2022, 3, 18))])
    (row,) = answer(store, "officer-purchases-25k")
    assert not row["IS_OFFICER_BOX"] and row["IS_OFFICER"]
    assert answer(store, "ceo-cfo-purchases-25k") == []


# -- thresholds ----------------------------------------------------------------------------------
def test_value_and_price_thresholds(store: Store) -> None:
    botha = real(NTRA)  # 26,402 x 31.9154 + 85,903 x 32.5947 + 40,695 x 33.4881: $5,005,411
    small = rows(by(botha, "0000000007", "SMALL BUYER"), shares=Decimal(100))  # about $10k
    penny = rows(by(botha, "0000000008", "PENNY BUYER"), price=Decimal("4.50"))
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(small, "0000000007-22-000001", date(2022, 3, 18)),
            filed(penny, "0000000008-22-000001", date(2022, 3, 18)),
        ],
    )
    assert {r["OWNER_NAMES"] for r in answer(store, "purchases-25k")} == {
        "BOTHA ROELOF",
        "PENNY BUYER",  # 152,... shares x $4.50 = $688,500
    }
    assert {r["OWNER_NAMES"] for r in answer(store, "purchases-25k", min_value="5005412")} == set()
    assert [r["OWNER_NAMES"] for r in answer(store, "penny-stock-buys")] == ["PENNY BUYER"]
    (penny_row,) = answer(store, "penny-stock-buys")
    assert penny_row["VALUE"] == Decimal(153000) * Decimal("4.50")


def test_top_purchases_of_the_day_week_and_month(store: Store) -> None:
    botha = real(NTRA)
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(
                moved(by(botha, "0000000002", "B"), -5), "0000000002-22-000001", date(2022, 3, 13)
            ),
            filed(
                moved(by(botha, "0000000003", "C"), -20), "0000000003-22-000001", date(2022, 2, 26)
            ),
        ],
    )
    day = store.screen("top-purchases")
    assert [r["OWNER_NAMES"] for r in day.to_pylist()] == ["BOTHA ROELOF"]
    assert report_of(day).params["as_of"] == "2022-03-18"  # the latest filing of a purchase
    assert len(answer(store, "top-purchases", period="week")) == 2  # 03-12 to 03-18
    assert len(answer(store, "top-purchases", period="month")) == 3  # 02-17 to 03-18


# -- amendments ----------------------------------------------------------------------------------
def test_an_amendment_replaces_the_trades_it_restates(store: Store) -> None:
    musk = real(TSLA)
    original = filed(musk, "0001494730-18-000002", date(2018, 5, 9))
    # the 4/A says the first tranche was 5,000 shares, not 5,903
    first = replace(musk.non_derivative[0], shares=Decimal(5000))
    corrected = replace(musk, non_derivative=(first, *musk.non_derivative[1:]))
    amendment = filed(
        corrected,
        "0001494730-18-000003",
        date(2018, 5, 11),
        document_type="4/A",
        date_of_original_submission=date(2018, 5, 9),
    )
    add(store, [original, amendment])
    (row,) = both_ways(store, "latest-purchases")
    assert row["ACCESSION_NUMBER"] == "0001494730-18-000003"
    assert row["SHARES"] == Decimal(33000 - 903)
    assert row["AMENDED"] and row["FLAGS"] == "AM"


def test_a_4a_restating_only_holdings_keeps_the_originals_trades(store: Store) -> None:
    musk = real(TSLA)
    original = filed(musk, "0001494730-18-000002", date(2018, 5, 9))
    holding = form4.NonDerivativeHolding(
        security_title="Common Stock", shares_owned_after=Decimal(1000), direct_indirect="D"
    )
    restated = filed(
        replace(musk, non_derivative=(holding,)),
        "0001494730-18-000003",
        date(2018, 5, 11),
        document_type="4/A",
        date_of_original_submission=date(2018, 5, 9),
    )
    add(store, [original, restated])
    (row,) = both_ways(store, "latest-purchases")
    assert row["ACCESSION_NUMBER"] == "0001494730-18-000002"
    assert row["TRADES"] == 8 and row["AMENDED"]


# -- clusters ------------------------------------------------------------------------------------
def _cluster_store(store: Store) -> None:
    botha = real(NTRA)  # each copy: $5.0M, +13.4% (held 1,138,584 before), filed 2 days after
    cfo = by(
        botha,
        "0000000011",
        "CFO PERSON",
        is_director=False,
        is_officer=True,
        officer_title="Chief Financial Officer",
    )
    late_comer = by(botha, "0000000012", "LATE COMER")
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(moved(cfo, 10), "0000000011-22-000001", date(2022, 3, 28)),
            # 40 days after the first filing: outside its 30-day window, alone in its own
            filed(moved(late_comer, 40), "0000000012-22-000001", date(2022, 4, 27)),
        ],
    )


def test_a_true_cluster(store: Store) -> None:
    _cluster_store(store)
    (cluster,) = both_ways(store, "cluster-buys")
    assert cluster["TICKER"] == "NTRA"
    assert cluster["INSIDERS"] == 2 and cluster["OFFICERS"] == 1
    assert cluster["TRADES"] == 2
    assert cluster["FIRST_FILING"] == date(2022, 3, 18)
    assert cluster["LAST_FILING"] == date(2022, 3, 28)
    assert cluster["FIRST_TRADE"] == date(2022, 3, 16)
    one = Decimal(26402) * Decimal("31.9154") + Decimal(85903) * Decimal("32.5947")
    one += Decimal(40695) * Decimal("33.4881")
    assert cluster["VALUE"] == 2 * one and cluster["SHARES"] == Decimal(2 * 153000)
    assert cluster["ACCESSION_NUMBERS"] == ["0001062993-22-008150", "0000000011-22-000001"]
    # a wider window takes the late comer in; stricter rules drop the cluster
    (wide,) = answer(store, "cluster-buys", window_days=60)
    assert wide["INSIDERS"] == 3 and wide["TRADES"] == 3
    assert answer(store, "cluster-buys", min_officers=2) == []
    assert answer(store, "cluster-buys", min_delta_own="20") == []
    assert answer(store, "cluster-buys", max_delay=1) == []
    assert answer(store, "cluster-buys", owner_cik="11")[0]["INSIDERS"] == 2
    assert answer(store, "cluster-buys", owner_cik="12") == []


def test_a_joint_filing_is_no_cluster(store: Store) -> None:
    guts = real(GUTS)  # six owners in one filing, 333,333 x $15.00 (held 918,567 before: +36%)
    thiel_fund = guts.owners[3]  # MITHRIL II LP, also filing alone two days later
    alone = replace(moved(guts, 2), owners=(thiel_fund,))
    add(
        store,
        [
            filed(guts, "0000950170-24-012830", date(2024, 2, 8)),
            filed(alone, "0000950170-24-012999", date(2024, 2, 10)),
        ],
    )
    # counted by CIK, seven owners; counted as insiders, one group
    assert answer(store, "cluster-buys", min_officers=0) == []
    (one,) = answer(store, "cluster-buys", min_officers=0, min_insiders=1)
    assert one["INSIDERS"] == 1 and one["TRADES"] == 2
    assert one["VALUE"] == 2 * Decimal(333333) * Decimal(15)  # the joint row once, not six times
    joint = next(
        r for r in answer(store, "latest-purchases") if r["FILING_DATE"] == date(2024, 2, 8)
    )
    assert joint["OWNER_COUNT"] == 6 and joint["VALUE"] == Decimal(333333) * Decimal(15)


# -- first-time buyers, net purchase ratio -------------------------------------------------------
def test_first_time_buyers(store: Store) -> None:
    botha = real(NTRA)
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(moved(botha, 100), "0001062993-22-009999", date(2022, 6, 27)),
        ],
    )
    (first,) = both_ways(store, "first-time-buyers")
    assert first["ACCESSION_NUMBER"] == "0001062993-22-008150"
    assert first["FIRST_PURCHASE_FOR"] == ["0001222287"]
    # filtered to the later filings, the first purchase is still the one on record
    assert answer(store, "first-time-buyers", since="2022-04-01") == []


def test_net_purchase_ratio(store: Store) -> None:
    botha = real(NTRA)
    sale = rows(
        by(botha, "0000000021", "SELLER"),
        code="S",
        acquired_disposed="D",
        shares=Decimal(1000),
        shares_owned_after=Decimal(5000),
    )
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(
                moved(by(botha, "0000000022", "BUYER TWO"), 1),
                "0000000022-22-000001",
                date(2022, 3, 19),
            ),
            filed(moved(sale, 2), "0000000021-22-000001", date(2022, 3, 20)),
            # seven months before: outside the six months up to 2022-03-18
            filed(moved(sale, -210), "0000000021-21-000001", date(2021, 8, 20)),
        ],
    )
    (ntra,) = both_ways(store, "net-purchase-ratio")
    assert (ntra["PURCHASES"], ntra["SALES"]) == (2, 1)  # trade rows, one a filing and code
    assert ntra["NPR"] == pytest.approx(1 / 3)  # (2 - 1) / (2 + 1)
    assert ntra["SHARES_BOUGHT"] == Decimal(306000) and ntra["SHARES_SOLD"] == Decimal(3000)
    assert ntra["NPR_SHARES"] == pytest.approx(303000 / 309000)
    (later,) = answer(store, "net-purchase-ratio", months=12)
    assert later["SALES"] == 2


# -- routine or opportunistic --------------------------------------------------------------------
def test_routine_and_opportunistic_insiders_over_four_years(store: Store) -> None:
    botha = real(NTRA)  # trades 2022-03-16
    plants = []
    # ROUTINE: March of 2019, 2020 and 2021, then 2022
    # OPPORTUNISTIC: 2019 (June), 2020 (September), 2021 (December), then 2022
    # NEW: 2021 and 2022 only
    for cik, name, moves in (
        ("0000000031", "ROUTINE", [-1096, -731, -365, 0]),
        ("0000000032", "OPPORTUNISTIC", [-1005, -552, -90, 0]),
        ("0000000033", "NEW", [-365, 0]),
    ):
        for i, days in enumerate(moves):
            trade = moved(by(botha, cik, name), days)
            day = trade.non_derivative[0].transaction_date
            assert day is not None
            plants.append(filed(trade, f"{cik}-{i:02d}-000001", day + timedelta(days=2)))
    add(store, plants)
    found = {
        (r["OWNER_NAME"], r["YEAR"]): r for r in both_ways(store, "routine-opportunistic", limit=0)
    }
    assert found["ROUTINE", 2022]["CLASSIFICATION"] == "routine"
    assert found["ROUTINE", 2022]["ROUTINE_MONTHS"] == [3]
    assert found["ROUTINE", 2022]["PRIOR_YEARS_TRADED"] == 3
    assert found["OPPORTUNISTIC", 2022]["CLASSIFICATION"] == "opportunistic"
    assert found["OPPORTUNISTIC", 2022]["ROUTINE_MONTHS"] == []
    assert found["NEW", 2022]["CLASSIFICATION"] == "unclassified"
    assert found["ROUTINE", 2021]["CLASSIFICATION"] == "unclassified"  # 2 years before only
    assert found["ROUTINE", 2022]["PURCHASES"] == 1
    only = answer(store, "routine-opportunistic", year=2022, owner_cik="31")
    assert [(r["OWNER_NAME"], r["CLASSIFICATION"]) for r in only] == [("ROUTINE", "routine")]


def test_routine_counts_only_trades_filed_before_the_year(store: Store) -> None:
    botha = real(NTRA)
    plants = []
    # March 2019, March 2020, and 2020-12-30 filed 2021-01-04: at the start of 2021, 2020 is
    # known; but a December 2018 trade filed in 2021 is not known at the start of 2019 ...
    for i, (days, lag) in enumerate([(-1096, 2), (-731, 2), (-365, 2), (0, 2)]):
        trade = moved(by(botha, "0000000041", "POINT IN TIME"), days)
        day = trade.non_derivative[0].transaction_date
        assert day is not None
        plants.append(filed(trade, f"0000000041-{i:02d}-000001", day + timedelta(days=lag)))
    # ... the 2021 March trade, filed late in 2022: not known at the start of 2022
    plants[2] = replace(
        plants[2],
        header=replace(plants[2].header, filed=date(2022, 1, 5)),  # type: ignore[arg-type]
    )
    add(store, plants)
    (row,) = answer(store, "routine-opportunistic", year=2022)
    assert row["CLASSIFICATION"] == "unclassified" and row["PRIOR_YEARS_TRADED"] == 2


# -- left out, notes, bad input ------------------------------------------------------------------
def test_rows_left_out_are_reported_with_their_reason(store: Store) -> None:
    botha = real(NTRA)
    first, second, third = botha.non_derivative
    wrong = replace(
        botha,
        non_derivative=(
            first,
            replace(second, acquired_disposed="D"),  # a P reported as disposed of
            replace(third, transaction_date=date(1985, 3, 16)),  # typed 1985
        ),
    )
    future = moved(by(botha, "0000000051", "FUTURE"), 30)  # traded after it was filed
    add(
        store,
        [
            filed(wrong, "0001062993-22-008150", date(2022, 3, 18)),
            filed(future, "0000000051-22-000001", date(2022, 3, 18)),
        ],
    )
    table = store.screen("latest-purchases")
    (row,) = table.to_pylist()
    assert row["TRADES"] == 1 and row["SHARES"] == Decimal(26402)
    report = report_of(table)
    assert report.left_out == {
        "P not reported as acquired (A)": 1,
        "trade date after the filing date": 3,
        "trade date before 1990": 1,
    }
    assert {(r["ACCESSION_NUMBER"], r["ROW_NUMBER"]) for r in report.left_out_rows} >= {
        ("0001062993-22-008150", 2),
        ("0001062993-22-008150", 3),
    }


def test_a_price_far_from_the_issuers_other_trades_is_flagged(store: Store) -> None:
    botha = real(NTRA)  # about $32
    ads = rows(by(botha, "0000000061", "ADS PRICE"), price=Decimal("320.00"))
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 18)),
            filed(
                moved(by(botha, "0000000062", "B"), 1), "0000000062-22-000001", date(2022, 3, 19)
            ),
            filed(
                moved(by(botha, "0000000063", "C"), 2), "0000000063-22-000001", date(2022, 3, 20)
            ),
            filed(moved(ads, 3), "0000000061-22-000001", date(2022, 3, 21)),
        ],
    )
    flagged = {r["OWNER_NAMES"]: r["PRICE_OUTLIER"] for r in answer(store, "latest-purchases")}
    assert flagged == {"BOTHA ROELOF": False, "B": False, "C": False, "ADS PRICE": True}


def test_unknown_ticker_and_owner_give_an_empty_answer_with_a_note(store: Store) -> None:
    add(store, [filed(real(NTRA), "0001062993-22-008150", date(2022, 3, 18))])
    for params, note in (
        ({"ticker": "NOPE"}, "no stored filing names ticker NOPE"),
        ({"owner_cik": "999"}, "no stored filing names owner_cik 0000000999"),
    ):
        table = store.screen("latest-purchases", **params)
        assert table.num_rows == 0 and report_of(table).notes == [note]


def test_bad_screens_and_parameters_name_the_valid_ones(store: Store) -> None:
    with pytest.raises(ValueError, match="no screen 'nope'; the screens: latest-purchases"):
        store.screen("nope")
    with pytest.raises(ValueError, match="no parameter colour; its parameters: min_value"):
        store.screen("purchases-25k", colour="red")
    with pytest.raises(ValueError, match=r"since: '2022-02-30' is not a date"):
        store.screen("latest-sales", since="2022-02-30")
    with pytest.raises(ValueError, match="period: 'year' is not one of day, week, month"):
        store.screen("top-sales", period="year")
    with pytest.raises(ValueError, match="limit: '-1' is not a whole number"):
        store.screen("latest-sales", limit="-1")


def test_late_filers(store: Store) -> None:
    botha = real(NTRA)  # traded Wednesday 2022-03-16: due Friday 2022-03-18
    add(
        store,
        [
            filed(botha, "0001062993-22-008150", date(2022, 3, 25)),  # a week late
            filed(moved(botha, 30), "0001062993-22-009999", date(2022, 4, 18)),  # on time
        ],
    )
    (row,) = answer(store, "late-filers")
    assert row["OWNER_NAME"] == "BOTHA ROELOF" and row["TICKER"] == "NTRA"
    assert (row["LATE_FILINGS"], row["FILINGS"], row["LATE_PCT"]) == (1, 2, 50.0)
    assert row["RULES"] == ["T002"]
    assert row["LATE_ACCESSION_NUMBERS"] == ["0001062993-22-008150"]


# -- freshness, the catalogue, the command line ----------------------------------------------------
def test_the_analysis_tables_go_stale_on_ingest(store: Store) -> None:
    add(store, [filed(real(NTRA), "0001062993-22-008150", date(2022, 3, 18))])
    store.optimize()
    assert _cache.is_fresh(store.connection)
    add(store, [filed(real(TSLA), "0001494730-18-000002", date(2018, 5, 9))])
    assert not _cache.is_fresh(store.connection)
    table = store.screen("latest-purchases")
    assert not report_of(table).from_analysis_tables and table.num_rows == 2


def test_every_screen_answers_with_its_defaults_and_the_common_filters(store: Store) -> None:
    _cluster_store(store)
    for entry in SCREENS:
        assert entry.summary and entry.source, entry.name
        names = [p.name for p in entry.all_params]
        assert len(names) == len(set(names)), entry.name
        for params in ({}, {"ticker": "NTRA", "since": "2022-01-01", "until": "2022-12-31"}):
            table = store.screen(entry.name, **params)
            assert report_of(table).screen == entry.name
            assert entry.for_people(table).num_columns <= table.num_columns


def test_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        _cluster_store(store)
    listed = RUNNER.invoke(app, ["screens", "--format", "json"])
    assert listed.exit_code == 0 and '"cluster-buys"' in listed.output
    ok = RUNNER.invoke(app, ["screen", "cluster-buys", "--db", str(db), "--format", "csv"])
    assert ok.exit_code == 0, ok.output
    header, line = ok.output.strip().splitlines()
    assert header.startswith("ISSUERCIK,ISSUERNAME,TICKER") and ",NTRA," in line
    table = RUNNER.invoke(app, ["screen", "latest-purchases", "--db", str(db), "--limit", "1"])
    assert table.exit_code == 0 and "1 row" in table.output
    # --owner takes a name: one match is that insider, several the list (exit 2), none a note
    named = RUNNER.invoke(app, ["screen", "latest-purchases", "--db", str(db), "--owner", "cfo"])
    assert named.exit_code == 0 and "CFO PERSON" in named.output and "BOTHA" not in named.output
    several = RUNNER.invoke(app, ["screen", "cluster-buys", "--db", str(db), "--owner", "o"])
    assert several.exit_code == 2 and "0000000011  CFO PERSON" in several.output
    nobody = RUNNER.invoke(app, ["screen", "latest-sales", "--db", str(db), "--owner", "zz top"])
    assert nobody.exit_code == 0 and "no stored insider's name matches 'zz top'" in nobody.output
    unknown = RUNNER.invoke(app, ["screen", "latest-purchases", "--db", str(db), "--ticker", "ZZ"])
    assert unknown.exit_code == 0 and "no stored filing names ticker ZZ" in unknown.output
    for args, says in (
        (["screen", "nope"], "no screen 'nope'"),
        (["screen", "cluster-buys", "--set", "colour=red"], "no parameter colour"),
        (["screen", "cluster-buys", "--set", "window_days=x"], "window_days: 'x' is not"),
        (["screen", "latest-sales", "--since", "yesterday"], "since: 'yesterday' is not a date"),
        (["screen", "latest-sales", "--set", "novalue"], "give KEY=VALUE"),
    ):
        result = RUNNER.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 2 and says in result.output, (args, result.output)
