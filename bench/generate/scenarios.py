"""Where each generated dossier's story stops, with the share of each ending (most
dossiers finished; some in every open state), and the channels' shares."""

from __future__ import annotations

import random

# (scenario, weight per 1000 dossiers). Open scenarios sit near the end of the history.
SCENARIOS: tuple[tuple[str, int], ...] = (
    ("returned", 790),
    ("denied", 20),
    ("result_ready", 25),
    ("refused", 25),
    ("returned_for_completion", 5),
    ("submitted", 8),
    ("received", 7),
    ("pending", 10),
    ("processing", 25),
    ("awaiting_approval", 8),
    ("overdue", 15),
    ("supplement_requested", 12),
    ("awaiting_payment", 4),
    ("withdrawal_requested", 3),
    ("stopped", 13),
)
ONLINE_ONLY = frozenset({"refused", "returned_for_completion", "submitted"})
OPEN = frozenset(
    {
        "submitted",
        "received",
        "pending",
        "processing",
        "awaiting_approval",
        "supplement_requested",
        "awaiting_payment",
        "withdrawal_requested",
    }
)
# Channels: online submission, walk-in at the counter, paper by post.
CHANNELS: tuple[tuple[str, int], ...] = (("online", 30), ("direct", 64), ("post", 6))
# Of the finished dossiers: a supplement round on the way, an apology, a rating.
SUPPLEMENTED_SHARE = 0.06
APOLOGY_SHARE = 0.01
RATED_SHARE = 0.3  # of returned online dossiers (only the owner rates)

_NAMES, _WEIGHTS = zip(*SCENARIOS, strict=True)
_CHANNEL_NAMES, _CHANNEL_WEIGHTS = zip(*CHANNELS, strict=True)


def pick_scenario(rng: random.Random) -> str:
    return rng.choices(_NAMES, _WEIGHTS)[0]


def pick_channel(rng: random.Random, scenario: str) -> str:
    if scenario in ONLINE_ONLY:
        return "online"
    return rng.choices(_CHANNEL_NAMES, _CHANNEL_WEIGHTS)[0]


# How often each demo procedure is asked for (a province's counters are mostly certified
# copies and civil status; land files are fewer but route through several agencies), per
# national code; any other procedure of an imported catalogue weighs 5.
PROCEDURE_WEIGHTS: dict[str, int] = {
    "2.000815": 30,  # certified copy, handed over at once
    "2.000884": 15,
    "1.001193": 15,
    "1.000894": 10,
    "LT.KS-TT-BHYT": 8,
    "1.004222": 10,
    "1.012756": 6,
    "1.012781": 6,
}
DEFAULT_PROCEDURE_WEIGHT = 5


def procedure_weights(codes: list[str]) -> list[int]:
    return [PROCEDURE_WEIGHTS.get(code, DEFAULT_PROCEDURE_WEIGHT) for code in codes]
