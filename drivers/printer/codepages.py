"""Which code page prints Vietnamese on which printer: a table with its sources, per profile.

Printers number their ``ESC t`` code pages differently. Epson's ESC/POS reference numbers
TCVN-3 30 (lower case) and 31 (capitals), and python-escpos 3.1's capability database agrees
for its Epson and Citizen profiles. Chinese clones (Xprinter, Zjiang, Netum, Rongta) number
their own way: python-escpos lists CP1258 at 94 (Zjiang POS-5890, Netum NT-5890K/NT-80-V-UL) or
35 (Rongta RP326) and nothing at 30; an XP-58III reports page 25 = WPC1257 (clone numbering);
CP1258 needs combining tone marks that many of these printers print beside the letter rather
than on it (escpos-php #254). The ``default`` profile lists TCVN-3 at 30/31 too, but it is what
a printer of unknown make gets, so those pages are not believed there.

So text mode is used by ``text_mode = "auto"`` only where this table says a page is verified;
every other printer gets raster text, which always reads right. A technician who has seen
TCVN-3 print correctly on a given printer (``kiosk diag printer codepages``) sets
``tcvn3_pages`` and makes it verified for that printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from escpos.capabilities import get_profile

TCVN3 = ("TCVN-3-1", "TCVN-3-2")  # lower case and upper case halves of TCVN-3
EPSON_TCVN3 = (30, 31)

SOURCE_EPSON = "Epson ESC/POS reference, ESC t: 30 = TCVN-3, 31 = TCVN-3 capitals"
SOURCE_CITIZEN = "Citizen CT-S651 command reference (python-escpos 3.1 capabilities): TCVN-3 30/31"
SOURCE_TECHNICIAN = "tcvn3_pages in the configuration (seen printing correctly on this printer)"


@dataclass(frozen=True)
class Family:
    """How one family of printers numbers its code pages, as far as Vietnamese goes."""

    name: str
    #: ``ESC t`` numbers of TCVN-3 (lower, upper) known to print correctly; None: none known.
    tcvn3: tuple[int, int] | None
    #: ``ESC t`` number of CP1258 in this family's numbering (not used for text: see above).
    cp1258: int | None
    source: str


EPSON = Family("epson", EPSON_TCVN3, 52, SOURCE_EPSON)
CITIZEN = Family("citizen", EPSON_TCVN3, None, SOURCE_CITIZEN)
ZJIANG = Family("zjiang/netum/xprinter", None, 94, "python-escpos 3.1: POS-5890, NT-5890K")
RONGTA = Family("rongta", None, 35, "python-escpos 3.1: RP326")
UNKNOWN = Family("unknown", None, None, "no verified Vietnamese code page for this profile")

#: python-escpos profile → family. Profiles not listed are UNKNOWN (``default`` included).
#: TM-T88III/IV list no TCVN-3 at all; their firmware predates it.
PROFILES: dict[str, Family] = {
    **dict.fromkeys(
        (
            "TM-T20II",
            "TM-T20II-42col",
            "TM-T88II",
            "TM-T88IV-SA",
            "TM-T88V",
            "TM-L90",
            "TM-P80",
            "TM-P80-42col",
        ),
        EPSON,
    ),
    "CT-S651": CITIZEN,
    **dict.fromkeys(("POS-5890", "NT-5890K", "NT-80-V-UL", "ZJ-5870"), ZJIANG),
    "RP326": RONGTA,
}


@dataclass(frozen=True)
class Vietnamese:
    """How a printer gets Vietnamese text: TCVN-3 slots (None: no code page), and whether they
    are known to print correctly and on whose word."""

    tcvn3: tuple[int, int] | None
    verified: bool
    source: str

    @property
    def pages(self) -> dict[str, int]:
        """Encoding name → ``ESC t`` slot, for python-escpos's encoder."""
        return {} if self.tcvn3 is None else dict(zip(TCVN3, self.tcvn3, strict=True))

    def describe(self) -> str:
        if self.tcvn3 is None:
            return "no Vietnamese code page"
        state = "verified" if self.verified else "NOT verified"
        return f"TCVN-3 in code pages {self.tcvn3[0]}/{self.tcvn3[1]}, {state} ({self.source})"


def family(profile: str) -> Family:
    return PROFILES.get(profile, UNKNOWN)


def vietnamese(profile: str, tcvn3_pages: tuple[int, int] | None = None) -> Vietnamese:
    """The TCVN-3 pages to use on a printer of ``profile``: the technician's, the verified
    ones of its family, or the ones the profile merely lists (unverified)."""
    if tcvn3_pages is not None:
        return Vietnamese(tcvn3_pages, True, SOURCE_TECHNICIAN)
    known = family(profile)
    if known.tcvn3 is not None:
        return Vietnamese(known.tcvn3, True, known.source)
    listed = get_profile(profile).get_code_pages()
    if all(name in listed for name in TCVN3):
        slots = (int(listed[TCVN3[0]]), int(listed[TCVN3[1]]))
        return Vietnamese(slots, False, f"listed by python-escpos profile {profile!r} only")
    return Vietnamese(None, False, known.source)


def sample_candidates(profile: str) -> list[tuple[int, int]]:
    """The TCVN-3 page pairs worth a sample line on a printer of ``profile``: Epson's
    numbering, the family's and what the profile lists, each once."""
    listed = vietnamese(profile)
    pairs = [EPSON_TCVN3, family(profile).tcvn3, listed.tcvn3]
    return list(dict.fromkeys(pair for pair in pairs if pair is not None))
