"""Generate a synthetic delivery in the national waiting-time format (SKR's väntetidsdatabas).

Usage::

    python benchmarks/generate_national.py ROWS OUT.xml|OUT.csv [--seed N]
        [--delivery vantande|genomforda] [--month 2026-01] [--region 55]
        [--lkf-prefix lan|regionkod] [--namespace URI] [--prefix NAME] [--bom]

The shape follows /work/shared/reference/national-reporting.md (SKR, *Informationsmodell –
Tillgänglighet specialiserad vård* 1.1):

* **XML** (``OUT.xml``): root ``TillgangligVardSpeciVantande`` (``--delivery vantande``, the
  default) or ``TillgangligVardSpeciGenomforda``, with a ``LeveransReferens`` attribute; one
  ``Kontakt`` with ``DatatGallerFor`` (the first day of ``--month``); ROWS ``Besok`` elements
  whose variables are attributes (an optional variable without a value is left out, and
  ``Avvikelse`` appears only when there is one). Timestamps ``YYYY-MM-DDThh:mm:ss``; the root
  is in the namespace ``--namespace`` (by default a made-up ``urn:example:...`` one, because
  readers must match on local names; ``--namespace ''`` for none), with ``--prefix`` as a
  prefix rather than the default namespace. ``Vardgaranti`` is ``1``/``2``.
* **CSV** (``OUT.csv``): ``;``-separated, UTF-8 (``--bom`` for a byte-order mark), a header of
  the same variable names, first ``DatatGallerFor`` (the period, which a table has no other
  place for), then the ``Besok`` variables; empty cells for absent values; ``Vardgaranti``
  ``JA``/``NEJ``; ISO date-times.

The variables, in this order: VardkontaktId, Regionkod, HSAIdRegion, HSAIdVardgivare,
HSAIdVardenhet, HSAIdEnhet, Sjukhus, SjukhusNamn, Vardgaranti, Fas, Mvo, Aktivitet,
AktivitetKVA, AktivitetICD, Avvikelse, BeslutAktivitet, StartAktivitet (genomförda only),
MedicinsktMaldatum, Remittenttyp, Remittent, RemissId, RemissDatum, AnkomstDatum,
HSAIdPatientListning, FodelseAr, Kon, Lkf, Bokningssatt, Yrkeskategori.

The mix: ``Fas`` about 48 % 1 (first contact), 32 % 2 (operation/procedure), 8 % 3
(examination), 9 % 4 (return visit; mostly not covered by the guarantee, always with a
``MedicinsktMaldatum``) and 3 % 5 (acute); ``Avvikelse`` on about 8 % of the rows (``1`` PvV,
``2`` MoV, and ``3`` SoV only at the child and adolescent psychiatry units, so rarely);
``Vardgaranti`` yes on about 97 % of phases 1–3. ``BeslutAktivitet`` (never before 2010-01-01)
lies within the 400 days before the month's end, most of them in the last 90 (waiting times
are skewed); for genomförda ``StartAktivitet`` is in the month and never before the decision.
``Lkf``: 90 % the region's own municipalities, 8 % another region's, 2 % ``0000`` (unknown).
Unit ids and hospital names carry Swedish letters (``HSAIdVardenhet`` such as
``SE2321000055-ÖGON1``, ``SjukhusNamn`` such as ``Universitetssjukhuset Örebro``), to exercise
encodings; real HSA ids are ASCII.

**Lkf and Regionkod.** In real data the first two digits of ``Lkf`` are the *län* code (Örebro
18), while ``Regionkod`` uses the hospital-code numbering (Örebro 55); KCHD's reconciliation
maps one to the other (``ref_filter_region``: the region's länskoder). The default,
``--lkf-prefix lan``, writes real län codes (municipality codes such as 1880 Örebro);
``--lkf-prefix regionkod`` writes ``Lkf`` whose first two digits are the ``Regionkod`` (as
some simplified descriptions assume), for readers that compare the two directly.

Everything is synthetic (ids, HSA ids, hospital and activity codes are in the right shape, not
looked up): no real patient data. Rows are written as they are drawn, so memory stays flat
whatever ROWS is; the same ``--seed`` gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple, TextIO
from xml.sax.saxutils import escape

EARLIEST = datetime(2010, 1, 1)
SPREAD_DAYS = 400
DATETIME = "%Y-%m-%dT%H:%M:%S"

# Regionkod -> (länskod, region name, hospitals, the region's municipality codes (last 2 digits))
REGIONS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "55": (
        "18",
        "Region Örebro län",
        ("Universitetssjukhuset Örebro", "Karlskoga lasarett", "Lindesbergs lasarett"),
        ("80", "80", "80", "81", "82", "83", "84", "85", "60", "61", "62", "63", "64", "14"),
    ),
    "56": (
        "19",
        "Region Västmanland",
        ("Västmanlands sjukhus Västerås", "Västmanlands sjukhus Köping", "Sala lasarett"),
        ("80", "80", "80", "81", "82", "83", "84", "04", "07", "60", "61", "62"),
    ),
    "63": (
        "23",
        "Region Jämtland Härjedalen",
        ("Östersunds sjukhus",),
        ("80", "80", "80", "03", "05", "09", "13", "21", "26", "61"),
    ),
    "64": (
        "24",
        "Region Västerbotten",
        ("Norrlands universitetssjukhus", "Skellefteå lasarett", "Lycksele lasarett"),
        ("80", "80", "80", "82", "82", "81", "01", "03", "04", "09", "17", "18", "21", "60"),
    ),
}
LAN_CODES = (
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19",
    "20", "21", "22", "23", "24", "25",
)  # fmt: skip


class Unit(NamedTuple):
    """A clinic: its HSA-id stem, specialty (Mvo), activities and patients' ages."""

    slug: str
    mvo: str
    kva: tuple[str, ...]
    icd: tuple[str, ...]
    age: tuple[int, int, int]  # low, high, mode
    bup: bool = False  # child and adolescent psychiatry: the only place for Avvikelse 3


# Mvo and KVÅ/ICD codes are in the right shape and meant to look plausible, not looked up.
UNITS = (
    Unit("ÖGON", "511", ("CJE20", "CJE20", "CJE10", "CJD20"), ("H259", "H251"), (50, 95, 76)),
    Unit("ORTOPEDI", "311", ("NFB49", "NGB49", "NHG12"), ("M161", "M171", "M201"), (20, 95, 68)),
    Unit("ÖNH", "521", ("EMB15", "DMB10", "DMD20"), ("J351", "J342", "H902"), (2, 90, 40)),
    Unit("KIRURGI", "301", ("JKA21", "JAB30", "JFB20"), ("K802", "K409", "K573"), (18, 95, 58)),
    Unit("KVINNOSJUKVÅRD", "451", ("LCD10", "LEF13"), ("N814", "D259", "N920"), (18, 85, 45)),
    Unit("HUD", "211", ("QAB00", "QBE10"), ("L570", "D225", "L400"), (5, 95, 55)),
    Unit("BUP", "931", (), (), (4, 18, 12), bup=True),
)
UNIT_WEIGHTS = (22, 22, 12, 16, 12, 10, 6)
PHASES = ("1", "2", "3", "4", "5")
PHASE_WEIGHTS = (48, 32, 8, 9, 3)
PRIMARY_CARE = ("VC-SÖDER", "VC-NORR", "VC-ÄNGEN", "VC-CENTRUM", "VC-MÅSEN", "VC-BRUKET")


def variables(delivery: str) -> tuple[str, ...]:
    """The ``Besok`` variables of *delivery*, in the order they are written."""
    return (
        "VardkontaktId",
        "Regionkod",
        "HSAIdRegion",
        "HSAIdVardgivare",
        "HSAIdVardenhet",
        "HSAIdEnhet",
        "Sjukhus",
        "SjukhusNamn",
        "Vardgaranti",
        "Fas",
        "Mvo",
        "Aktivitet",
        "AktivitetKVA",
        "AktivitetICD",
        "Avvikelse",
        "BeslutAktivitet",
        *(("StartAktivitet",) if delivery == "genomforda" else ()),
        "MedicinsktMaldatum",
        "Remittenttyp",
        "Remittent",
        "RemissId",
        "RemissDatum",
        "AnkomstDatum",
        "HSAIdPatientListning",
        "FodelseAr",
        "Kon",
        "Lkf",
        "Bokningssatt",
        "Yrkeskategori",
    )


class Generator:
    """Draws rows for one region, month and delivery."""

    def __init__(
        self, rng: random.Random, region: str, month: date, delivery: str, lkf_prefix: str
    ) -> None:
        self.rng = rng
        self.region = region
        self.delivery = delivery
        self.month = month
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        self.month_days = (following - month).days
        self.month_end = datetime.combine(following - timedelta(days=1), time(23, 59, 59))
        first_day = self.month_end.date() - timedelta(days=SPREAD_DAYS)
        self.earliest = max(EARLIEST, datetime.combine(first_day, time()))
        lan, _name, hospitals, municipalities = REGIONS[region]
        self.own_prefix = lan if lkf_prefix == "lan" else region
        self.municipalities = municipalities
        if lkf_prefix == "lan":
            self.other_prefixes = tuple(code for code in LAN_CODES if code != lan)
        else:
            self.other_prefixes = tuple(code for code in REGIONS if code != region)
        self.hsa_giver = f"SE23210000{region}"  # made up, in the shape of an HSA id
        self.hospitals = [(f"{region}{10 * (i + 1):03d}", name) for i, name in enumerate(hospitals)]
        self.serial = 0

    def _wait(self, longest: int) -> int:
        """A waiting time in days, skewed towards short ones, at most *longest*."""
        rng = self.rng
        days = rng.randint(0, SPREAD_DAYS) if rng.random() < 0.2 else int(rng.expovariate(1 / 45))
        return min(days, longest)

    def _clock(self, day: date, earliest: int = 7, latest: int = 18) -> datetime:
        seconds = self.rng.randint(earliest * 3600, latest * 3600 + 3599)
        return datetime.combine(day, time()) + timedelta(seconds=seconds)

    def row(self) -> dict[str, str]:
        """One ``Besok``: variable -> value (absent variables are not in the dict)."""
        rng = self.rng
        self.serial += 1
        unit = rng.choices(UNITS, UNIT_WEIGHTS)[0]
        phase = "1" if unit.bup and rng.random() < 0.8 else rng.choices(PHASES, PHASE_WEIGHTS)[0]
        hospital_code, hospital_name = rng.choice(self.hospitals)
        clinic = f"{self.hsa_giver}-{unit.slug}{hospital_code[-2:-1]}"
        values = {
            "VardkontaktId": f"VK{self.region}{self.month:%Y%m}{self.serial:08d}",
            "Regionkod": self.region,
            "HSAIdRegion": self.hsa_giver,
            "HSAIdVardgivare": self.hsa_giver,
            "HSAIdVardenhet": clinic,
            "HSAIdEnhet": f"{clinic}-M{rng.randint(1, 3)}",
            "Sjukhus": hospital_code,
            "SjukhusNamn": hospital_name,
            "Fas": phase,
            "Mvo": unit.mvo,
        }
        if phase in ("1", "2", "3"):
            covered = rng.random() < 0.97
        else:
            covered = phase == "4" and rng.random() < 0.1
        values["Vardgaranti"] = "1" if covered else "2"
        if phase in ("2", "3") and unit.kva:
            values["Aktivitet"] = f"{unit.mvo}{rng.randint(1, 3):02d}"
            if phase == "2" or rng.random() < 0.5:
                values["AktivitetKVA"] = rng.choice(unit.kva)
        elif phase in ("2", "3"):  # required for these phases (drawn without the generator:
            values["Aktivitet"] = f"{unit.mvo}01"  # the other cells stay as they were)
        if unit.icd and rng.random() < 0.6:
            values["AktivitetICD"] = rng.choice(unit.icd)
        if phase in ("1", "2", "3") and rng.random() < 0.09:
            if unit.bup and rng.random() < 0.3:
                values["Avvikelse"] = "3"
            else:
                values["Avvikelse"] = "1" if rng.random() < 0.6 else "2"

        latest = self.month_end  # nothing is recorded after the census (or the visit)
        if self.delivery == "genomforda":
            start = self._clock(self.month + timedelta(days=rng.randrange(self.month_days)), 7, 16)
            decision_day = start.date() - timedelta(days=self._wait((start - self.earliest).days))
            decision = self._clock(decision_day)
            if decision > start:
                decision = start - timedelta(minutes=rng.randint(5, 120))
            decision = max(decision, self.earliest)
            values["StartAktivitet"] = f"{start:{DATETIME}}"
            latest = start
        else:
            decision_day = self.month_end.date() - timedelta(
                days=self._wait((self.month_end - self.earliest).days)
            )
            decision = max(self._clock(decision_day), self.earliest)
        values["BeslutAktivitet"] = f"{decision:{DATETIME}}"
        if phase == "4" or (phase in ("2", "3") and rng.random() < 0.1):
            target = decision.date() + timedelta(days=rng.choice((30, 60, 90, 180, 365)))
            values["MedicinsktMaldatum"] = target.isoformat()

        if phase == "1":
            if rng.random() < 0.85:
                values["Remittenttyp"] = "1"
                values["Remittent"] = f"{self.hsa_giver}-{rng.choice(PRIMARY_CARE)}"
                values["RemissId"] = f"R{rng.randint(10**8, 10**9 - 1)}"
                values["RemissDatum"] = decision.date().isoformat()
                arrival = min(decision.date() + timedelta(days=rng.randint(0, 7)), latest.date())
                values["AnkomstDatum"] = arrival.isoformat()
            else:
                values["Remittenttyp"] = "2"
                values["AnkomstDatum"] = decision.date().isoformat()
        elif phase in ("2", "3") and rng.random() < 0.6:
            values["Remittenttyp"] = "1"
            referral = decision.date() - timedelta(days=rng.randint(20, 200))
            values["RemissDatum"] = referral.isoformat()
        if rng.random() < 0.7:
            values["HSAIdPatientListning"] = f"{self.hsa_giver}-{rng.choice(PRIMARY_CARE)}"

        low, high, mode = unit.age
        age = round(rng.triangular(low, high, mode))
        values["FodelseAr"] = str(max(1901, self.month.year - age))
        roll = rng.random()
        values["Kon"] = "1" if roll < 0.49 else "2" if roll < 0.995 else "3"
        roll = rng.random()
        if roll < 0.90:
            values["Lkf"] = self.own_prefix + rng.choice(self.municipalities)
        elif roll < 0.98:
            values["Lkf"] = rng.choice(self.other_prefixes) + "80"
        else:
            values["Lkf"] = "0000"
        values["Bokningssatt"] = str(rng.choices((1, 2, 3, 4, 5), (60, 15, 10, 10, 5))[0])
        values["Yrkeskategori"] = f"XS{rng.randint(910, 926)}"
        return values


def quote(text: str) -> str:
    """*text* escaped for an attribute value in double quotes."""
    return escape(text, {'"': "&quot;"})


def write_xml(
    handle: TextIO,
    rows: int,
    generator: Generator,
    order: tuple[str, ...],
    root: str,
    namespace: str,
    prefix: str,
) -> None:
    """Stream *rows* ``Besok`` elements into *handle*."""
    tag = f"{prefix}:{root}" if prefix else root
    declaration = ""
    if namespace:
        name = f"xmlns:{prefix}" if prefix else "xmlns"
        declaration = f' {name}="{quote(namespace)}"'
    reference = f"SYNT-{generator.region}-{generator.month:%Y-%m}-{generator.delivery}"
    kontakt = f"{prefix}:Kontakt" if prefix else "Kontakt"
    besok = f"{prefix}:Besok" if prefix else "Besok"
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(f'<{tag}{declaration} LeveransReferens="{reference}">\n')
    handle.write(f'  <{kontakt} DatatGallerFor="{generator.month.isoformat()}">\n')
    chunk: list[str] = []
    for _ in range(rows):
        values = generator.row()
        attributes = " ".join(f'{name}="{quote(values[name])}"' for name in order if name in values)
        chunk.append(f"    <{besok} {attributes}/>\n")
        if len(chunk) >= 1000:
            handle.write("".join(chunk))
            chunk.clear()
    handle.write("".join(chunk))
    handle.write(f"  </{kontakt}>\n</{tag}>\n")


def write_csv(handle: TextIO, rows: int, generator: Generator, order: tuple[str, ...]) -> None:
    """Stream *rows* rows into *handle*, with a header."""
    writer = csv.writer(handle, delimiter=";", lineterminator="\n")
    writer.writerow(("DatatGallerFor", *order))
    period = generator.month.isoformat()
    yes_no = {"1": "JA", "2": "NEJ"}
    for _ in range(rows):
        values = generator.row()
        values["Vardgaranti"] = yes_no[values["Vardgaranti"]]
        writer.writerow((period, *(values.get(name, "") for name in order)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path, help="OUT.xml or OUT.csv (the suffix picks the format)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--delivery", choices=("vantande", "genomforda"), default="vantande")
    parser.add_argument("--month", default="2026-01", help="YYYY-MM (default 2026-01)")
    parser.add_argument("--region", choices=sorted(REGIONS), default="55", help="Regionkod")
    parser.add_argument("--lkf-prefix", choices=("lan", "regionkod"), default="lan")
    parser.add_argument("--namespace", help="XML namespace of the root (default: a made-up one)")
    parser.add_argument("--prefix", default="", help="XML namespace prefix (default: none)")
    parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM")
    args = parser.parse_args(argv)
    suffix = args.out.suffix.lower()
    if suffix not in (".xml", ".csv"):
        parser.error(f"{args.out}: the name must end in .xml or .csv")
    try:
        month = datetime.strptime(args.month, "%Y-%m").date()
    except ValueError:
        parser.error(f"--month {args.month!r} is not YYYY-MM")
    if month < EARLIEST.date():
        parser.error("--month must be 2010-01 or later (BeslutAktivitet is from 2010-01-01)")
    if args.rows < 0:
        parser.error("ROWS must be at least 0")
    if args.prefix and not args.prefix.isidentifier():
        parser.error(f"--prefix {args.prefix!r} is not a valid XML prefix")
    generator = Generator(
        random.Random(args.seed), args.region, month, args.delivery, args.lkf_prefix
    )
    order = variables(args.delivery)
    root = (
        "TillgangligVardSpeciVantande"
        if args.delivery == "vantande"
        else "TillgangligVardSpeciGenomforda"
    )
    namespace = (
        f"urn:example:vardgaranti:synthetic:{root}Responder:1"
        if args.namespace is None
        else args.namespace
    )
    if args.prefix and not namespace:
        parser.error("--prefix needs a namespace")
    encoding = "utf-8-sig" if args.bom and suffix == ".csv" else "utf-8"
    with args.out.open("w", encoding=encoding, newline="") as handle:
        if suffix == ".xml":
            write_xml(handle, args.rows, generator, order, root, namespace, args.prefix)
        else:
            write_csv(handle, args.rows, generator, order)
    return 0


if __name__ == "__main__":
    sys.exit(main())
