#!/usr/bin/env python3
"""Independent NetworkX reference for the network analytics of docs/analytics.md.

Writes two bundles and, for each, the figures NetworkX computes on it:

  tests/fixtures/davis/         Davis' Southern Women (nx.davis_southern_women_graph)
  tests/fixtures/synthetic_1k/  a generated bundle of 1,000 people (random.Random(2026))

Each bundle gets an expected.json, computed from the CSV files as written (read
back from disk, so the reference sees exactly what the service imports).

Deterministic: fixed seeds, no wall clock, sorted iteration everywhere; the script
re-executes itself with PYTHONHASHSEED=0 so that NetworkX's internal set
iteration (and so float summation order) is the same on every run.

    pip install networkx numpy scipy
    python3 tools/reference/networkx_reference.py
"""

from __future__ import annotations

import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
from collections import defaultdict, deque  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

COLUMNS = {
    "organisations.csv": ["id", "name", "kind", "country", "side"],
    "people.csv": ["id", "name", "gender", "side", "country", "birth_year", "tags", "sensitive"],
    "affiliations.csv": ["person_id", "organisation_id", "role", "start_date", "end_date"],
    "meetings.csv": ["id", "title", "series", "start_date", "end_date", "city", "country",
                     "format", "track", "confidentiality"],
    "participations.csv": ["person_id", "meeting_id", "role", "organisation_id"],
}

WINDOW = ("2012-01-01", "2018-12-31")
EMPTY_WINDOW = "2030-01-01"


# ---------------------------------------------------------------------------
# Writing bundles
# ---------------------------------------------------------------------------

def write_bundle(folder: Path, rows: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns in COLUMNS.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            for row in rows.get(name, []):
                w.writerow([row.get(c, "") for c in columns])


def davis_bundle() -> dict[str, list[dict]]:
    g = nx.davis_southern_women_graph()
    women, events = g.graph["top"], g.graph["bottom"]
    wid = {w: f"w{i:02d}" for i, w in enumerate(women, 1)}
    eid = {e: f"e{i:02d}" for i, e in enumerate(events, 1)}
    people = [{"id": wid[w], "name": w, "gender": "female", "sensitive": "false"} for w in women]
    first = date(1936, 1, 1)
    meetings = [{"id": eid[e], "title": e, "start_date": (first + timedelta(days=14 * i)).isoformat(),
                 "format": "workshop", "confidentiality": "public"}
                for i, e in enumerate(events)]
    parts = []
    for u, v in g.edges():
        w, e = (u, v) if u in wid else (v, u)
        parts.append((wid[w], eid[e]))
    parts.sort(key=lambda p: (p[1], p[0]))
    participations = [{"person_id": p, "meeting_id": m, "role": "participant"} for p, m in parts]
    organisations = [{"id": "org-davis", "name": "Davis Southern Women study",
                      "kind": "community"}]
    return {"organisations.csv": organisations, "people.csv": people, "affiliations.csv": [],
            "meetings.csv": meetings, "participations.csv": participations}


# --- the synthetic bundle --------------------------------------------------

SIDE_CODE = {"armenian": "AM", "azerbaijani": "AZ", "georgian": "GE", "international": "INT",
             "": "XX"}
INTL_COUNTRIES = ["DE", "GB", "US", "FR", "CH", "AT", "SE", "NL", "NO", "BE"]
TAGS = ["youth", "diaspora", "displaced", "border_community", "journalist", "civil_society",
        "diplomat", "official", "academic", "women_group"]
KINDS = ["government", "parliament", "intergovernmental", "ngo", "academic", "think_tank",
         "media", "donor", "business", "community", "other"]
KIND_CODE = {"government": "GOV", "parliament": "PARL", "intergovernmental": "IGO", "ngo": "NGO",
             "academic": "UNI", "think_tank": "TT", "media": "MEDIA", "donor": "DONOR",
             "business": "BIZ", "community": "COM", "other": "OTH"}
FORMATS = ["workshop", "symposium", "conference", "expert_group", "exchange_visit", "training",
           "summer_school", "strategic_meeting", "town_hall", "online", "other"]
ROLES = ["participant", "facilitator", "organiser", "speaker", "rapporteur", "observer",
         "mediator"]
AFF_ROLES = ["director", "researcher", "programme officer", "advisor", "member", "coordinator",
             "lecturer", "journalist", "deputy minister", "volunteer"]
VENUES = [("Tbilisi", "GE"), ("Tbilisi", "GE"), ("Yerevan", "AM"), ("Baku", "AZ"),
          ("Vienna", "AT"), ("Berlin", "DE"), ("Geneva", "CH"), ("Istanbul", "TR"),
          ("Brussels", "BE"), ("London", "GB"), ("Oslo", "NO"), ("", "")]
TOPICS = ["Youth dialogue", "Women's voices", "Border communities", "Media and conflict",
          "History education", "Displaced persons", "Economic links", "Environment and water",
          "Peace education", "Track coordination", "Missing persons", "Cultural heritage",
          "Transport and trade", "Confidence building", "Policy options"]
SERIES = ["Dialogue Series A", "Dialogue Series B", "Young Leaders Programme",
          "Expert Roundtables", "Journalists Exchange", "Women's Platform"]
FORMAT_WORDS = {"workshop": "workshop", "symposium": "symposium", "conference": "conference",
                "expert_group": "expert group", "exchange_visit": "exchange visit",
                "training": "training", "summer_school": "summer school",
                "strategic_meeting": "strategic meeting", "town_hall": "town hall",
                "online": "online session", "other": "meeting"}

FIRST_DAY, LAST_DAY = date(2008, 1, 1), date(2026, 6, 30)


def pick(rng: random.Random, weighted: list[tuple]) -> object:
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


def weighted_sample(rng: random.Random, pool: list[str], weight: dict[str, float], k: int) -> list[str]:
    """k distinct items, drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / weight[p]), p) for p in pool), reverse=True)
    return [p for _, p in keyed[:k]]


def synthetic_bundle() -> dict[str, list[dict]]:
    rng = random.Random(2026)
    span = (LAST_DAY - FIRST_DAY).days

    def random_day() -> date:
        return FIRST_DAY + timedelta(days=rng.randrange(span + 1))

    # Organisations: 50, kinds mixed, sides as their country.
    orgs = []
    counter: dict[str, int] = defaultdict(int)
    org_side = {}
    for _ in range(50):
        side = pick(rng, [("armenian", 30), ("azerbaijani", 30), ("georgian", 15),
                          ("international", 20), ("", 5)])
        kind = pick(rng, [("ngo", 14), ("think_tank", 7), ("academic", 6), ("government", 5),
                          ("media", 4), ("donor", 4), ("intergovernmental", 3), ("parliament", 2),
                          ("community", 3), ("business", 1), ("other", 1)])
        code = f"{SIDE_CODE[side]}-{KIND_CODE[kind]}"
        counter[code] += 1
        oid = f"org-{len(orgs) + 1:03d}"
        country = {"armenian": "AM", "azerbaijani": "AZ", "georgian": "GE"}.get(side)
        if country is None:
            country = rng.choice(INTL_COUNTRIES) if side else ""
        orgs.append({"id": oid, "name": f"Organisation {code}-{counter[code]}", "kind": kind,
                     "country": country, "side": side})
        org_side[oid] = side
    org_ids = [o["id"] for o in orgs]

    # People.
    people = []
    side_of, tags_of = {}, {}
    counter = defaultdict(int)
    for i in range(1, 1001):
        pid = f"p{i:04d}"
        side = pick(rng, [("armenian", 32), ("azerbaijani", 32), ("georgian", 14),
                          ("international", 12), ("", 10)])
        gender = pick(rng, [("female", 46), ("male", 44), ("other", 3), ("", 7)])
        country = {"armenian": "AM", "azerbaijani": "AZ", "georgian": "GE"}.get(side)
        if country is None:
            country = rng.choice(INTL_COUNTRIES) if side == "international" else rng.choice(["", "", "RU", "TR"])
        birth = "" if rng.random() < 0.06 else str(rng.randint(1945, 2003))
        tags = rng.sample(TAGS, pick(rng, [(0, 30), (1, 45), (2, 25)]))
        tags.sort(key=TAGS.index)
        code = SIDE_CODE[side]
        counter[code] += 1
        people.append({"id": pid, "name": f"Participant {code}-{counter[code]:03d}",
                       "gender": gender, "side": side, "country": country, "birth_year": birth,
                       "tags": ";".join(tags), "sensitive": "true" if rng.random() < 0.04 else "false"})
        side_of[pid], tags_of[pid] = side, tags
    pids = [p["id"] for p in people]

    # Who attends what: 50 never, 24 kept for small peripheral structures, the rest regular.
    shuffled = pids[:]
    rng.shuffle(shuffled)
    never = set(shuffled[:50])
    special = shuffled[50:74]
    regular = sorted(shuffled[74:])
    activity = {p: min(40.0, rng.paretovariate(1.3)) for p in regular}

    meetings: list[dict] = []
    attendees: dict[int, list[str]] = {}

    def new_meeting(day: date, track: str, fmt: str | None = None) -> int:
        if fmt is None:
            if track == "1":
                fmt = pick(rng, [("strategic_meeting", 5), ("expert_group", 4), ("conference", 1)])
            else:
                fmt = pick(rng, [("workshop", 30), ("symposium", 8), ("conference", 8),
                                 ("expert_group", 8), ("exchange_visit", 6), ("training", 10),
                                 ("summer_school", 5), ("strategic_meeting", 4),
                                 ("town_hall", 6), ("online", 10), ("other", 3)])
        city, country = ("", "") if fmt == "online" else rng.choice(VENUES)
        end = ""
        if fmt not in ("online", "town_hall") and rng.random() < 0.7:
            end = (day + timedelta(days=rng.choice([0, 1, 2, 2, 3, 4]))).isoformat()
        meetings.append({"title": f"{rng.choice(TOPICS)} {FORMAT_WORDS[fmt]}",
                         "series": rng.choice(SERIES) if rng.random() < 0.3 else "",
                         "start_date": day.isoformat(), "end_date": end, "city": city,
                         "country": country, "format": fmt, "track": track,
                         "confidentiality": "public"})
        attendees[len(meetings) - 1] = []
        return len(meetings) - 1

    by_side: dict[str, list[str]] = defaultdict(list)
    for p in regular:
        by_side[side_of[p]].append(p)

    main_count = 235
    for _ in range(main_count):
        track = pick(rng, [("1", 10), ("1.5", 20), ("2", 46), ("3", 20), ("", 4)])
        size = min(60, max(3, int(2.6 * rng.paretovariate(1.15))))
        if track == "1":
            size = min(size, 14)
        mixed = rng.random() < 0.28
        facilitators = 0 if mixed or rng.random() < 0.5 else rng.choice([1, 1, 2])
        size = min(size, 60 - facilitators)
        if mixed:
            sides = rng.sample(["armenian", "azerbaijani", "georgian"], rng.choice([2, 2, 3]))
            pool = [p for s in sides for p in by_side[s]] + by_side["international"] + by_side[""]
        else:
            side = pick(rng, [("armenian", 38), ("azerbaijani", 38), ("georgian", 24)])
            pool = by_side[side] + [p for p in by_side[""] if rng.random() < 0.15]
        weight = {}
        for p in pool:
            w = activity[p]
            if track == "1" and ("official" in tags_of[p] or "diplomat" in tags_of[p]):
                w *= 6.0
            if track == "3" and ("border_community" in tags_of[p] or "displaced" in tags_of[p]):
                w *= 3.0
            weight[p] = w
        chosen = weighted_sample(rng, pool, weight, min(size, len(pool)))
        if facilitators:   # an international facilitator or two at a one-sided meeting
            chosen += weighted_sample(rng, by_side["international"], activity, facilitators)
        m = new_meeting(random_day(), track)
        attendees[m] = chosen

    # Everyone regular attends at least once: add the missing to a meeting of their side.
    attended = {p for ps in attendees.values() for p in ps}
    for p in regular:
        if p in attended:
            continue
        options = [m for m in range(main_count) if len(attendees[m]) < 60
                   and (side_of[p] in {side_of[q] for q in attendees[m]} or side_of[p] in ("", "international"))]
        attendees[rng.choice(options)].append(p)

    # Peripheral structures, from the special people (who attend nothing else).
    s = iter(special)
    hubs = sorted(regular, key=lambda p: (-activity[p], p))

    def small(people_: list[str], track: str, fmt: str = "workshop") -> None:
        m = new_meeting(random_day(), track, fmt)
        attendees[m] = people_

    # three people alone at their meetings (isolated), and a regular one alone once.
    for _ in range(3):
        small([next(s)], rng.choice(["2", "3"]), "online")
    small([hubs[40]], "2", "online")
    # an isolated pair (a bridge, Track 2 with no Track 1 reachable)
    small([next(s), next(s)], "2")
    # two isolated pairs joined by a meeting of three: A-B, C-D, (B, C, E)
    a, b, c, d, e = (next(s) for _ in range(5))
    small([a, b], "2")
    small([c, d], "3")
    small([b, c, e], "1.5")
    # a bow tie: (F, G, H), (H, I, J), with a Track 1 meeting
    f_, g_, h_, i_, j_ = (next(s) for _ in range(5))
    small([f_, g_, h_], "1", "strategic_meeting")
    small([h_, i_, j_], "2")
    # pendants on the large component: hub-K, K-L (a chain of bridges), and a triangle
    k_, l_, m_, n_ = (next(s) for _ in range(4))
    small([hubs[5], k_], "2")
    small([k_, l_], "3")
    small([hubs[120], m_, n_], "2")
    # two pendants on one low-activity regular person: two bridges at the same node
    quiet = sorted(regular, key=lambda p: (activity[p], p))[3]
    o_, q_ = next(s), next(s)
    small([quiet, o_], "1.5")
    small([quiet, q_], "2")
    # a pendant triangle on the large component, its tie to it resting on two
    # meetings of only those two people: a bridge, and two articulation points
    r_, t_, u_ = (next(s) for _ in range(3))
    small([hubs[200], r_], "2")
    small([hubs[200], r_], "1.5")
    small([r_, t_, u_], "2")
    assert len(meetings) == 253, len(meetings)

    # Meeting ids are not in date order, so the (start date, id) order matters.
    ids = [f"m{i:03d}" for i in range(1, len(meetings) + 1)]
    rng.shuffle(ids)
    for m, mid in zip(meetings, ids):
        m["id"] = mid
    # Two pairs of meetings on the same day, to exercise the id tie-break.
    meetings[1]["start_date"] = meetings[0]["start_date"]
    meetings[3]["start_date"] = meetings[2]["start_date"]
    for m in meetings:
        if m["end_date"] and m["end_date"] < m["start_date"]:
            m["end_date"] = ""

    person_meetings: dict[str, list[dict]] = defaultdict(list)
    for mi, ps in attendees.items():
        for p in ps:
            person_meetings[p].append(meetings[mi])

    # Affiliations: ~60% of people one, a few a second; dates around their meetings.
    affiliations = []
    aff_of: dict[str, list[str]] = defaultdict(list)
    for p in pids:
        if rng.random() >= 0.6:
            continue
        count = 2 if rng.random() < 0.08 else 1
        for _ in range(count):
            same = [o for o in org_ids if org_side[o] == side_of[p]]
            o = rng.choice(same) if same and rng.random() < 0.7 else rng.choice(org_ids)
            if o in aff_of[p]:
                continue
            start = end = ""
            mine = sorted(x["start_date"] for x in person_meetings[p])
            r = rng.random()
            if mine and r < 0.35:
                # from one of the person's meetings (inclusive) or a little before/after it
                anchor = date.fromisoformat(rng.choice(mine))
                start = (anchor + timedelta(days=rng.choice([0, 0, -30, 45, -400]))).isoformat()
                if rng.random() < 0.4:
                    later = [x for x in mine if x >= start]
                    end_day = date.fromisoformat(rng.choice(later)) if later else date.fromisoformat(start)
                    end = (end_day + timedelta(days=rng.choice([0, 0, -1, 90]))).isoformat()
                    if end < start:
                        end = start
            elif r < 0.5:
                start = random_day().isoformat()
            elif r < 0.6:
                end = random_day().isoformat()
            affiliations.append({"person_id": p, "organisation_id": o,
                                 "role": rng.choice(AFF_ROLES), "start_date": start,
                                 "end_date": end})
            aff_of[p].append(o)

    participations = []
    for mi in sorted(attendees, key=lambda i: meetings[i]["id"]):
        for p in sorted(attendees[mi]):
            org = ""
            if rng.random() < 0.3:
                org = rng.choice(aff_of[p]) if aff_of[p] and rng.random() < 0.8 else rng.choice(org_ids)
            role = pick(rng, [("participant", 80), ("facilitator", 5), ("speaker", 6),
                              ("organiser", 3), ("rapporteur", 2), ("observer", 3), ("mediator", 1)])
            participations.append({"person_id": p, "meeting_id": meetings[mi]["id"], "role": role,
                                   "organisation_id": org})

    meetings.sort(key=lambda m: m["id"])
    return {"organisations.csv": orgs, "people.csv": people, "affiliations.csv": affiliations,
            "meetings.csv": meetings, "participations.csv": participations}


# ---------------------------------------------------------------------------
# Reading a bundle back
# ---------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Bundle:
    def __init__(self, folder: Path):
        self.people = {r["id"]: r for r in read_csv(folder / "people.csv")}
        self.meetings = {r["id"]: r for r in read_csv(folder / "meetings.csv")}
        self.organisations = {r["id"]: r for r in read_csv(folder / "organisations.csv")}
        self.affiliations = read_csv(folder / "affiliations.csv")
        self.participations = read_csv(folder / "participations.csv")
        self.side = {p: r["side"] for p, r in self.people.items()}
        self.attendees: dict[str, set[str]] = defaultdict(set)
        self.represented: dict[tuple[str, str], str] = {}
        for r in self.participations:
            assert r["person_id"] in self.people and r["meeting_id"] in self.meetings
            assert r["person_id"] not in self.attendees[r["meeting_id"]], r
            self.attendees[r["meeting_id"]].add(r["person_id"])
            if r["organisation_id"]:
                assert r["organisation_id"] in self.organisations
                self.represented[(r["person_id"], r["meeting_id"])] = r["organisation_id"]

    def in_scope(self, since: str | None, until: str | None) -> list[str]:
        """In-scope meeting ids, ordered by (start date, id). Every level is visible."""
        ms = [m for m, r in self.meetings.items()
              if (since is None or r["start_date"] >= since)
              and (until is None or r["start_date"] <= until)]
        return sorted(ms, key=lambda m: (self.meetings[m]["start_date"], m))


# ---------------------------------------------------------------------------
# Analytics (docs/analytics.md)
# ---------------------------------------------------------------------------

def met_graph(b: Bundle, meetings: list[str]) -> nx.Graph:
    weight: dict[tuple[str, str], int] = defaultdict(int)
    active = set()
    for m in meetings:
        ps = sorted(b.attendees.get(m, ()))
        active.update(ps)
        for i, u in enumerate(ps):
            for v in ps[i + 1:]:
                weight[(u, v)] += 1
    g = nx.Graph()
    g.add_nodes_from(sorted(active))
    for (u, v) in sorted(weight):
        g.add_edge(u, v, weight=weight[(u, v)])
    return g


def is_cross(b: Bundle, u: str, v: str) -> bool:
    su, sv = b.side[u], b.side[v]
    return bool(su) and bool(sv) and su != sv and "international" not in (su, sv)


def components(g: nx.Graph) -> list[list[str]]:
    """Components as sorted id lists, largest first, then by sorted member ids."""
    comps = [sorted(c) for c in nx.connected_components(g)]
    return sorted(comps, key=lambda c: (-len(c), c))


def ratio(a: float, b: float) -> float | None:
    """A share: null (None) when its denominator is 0."""
    return a / b if b else None


def summary(b: Bundle, g: nx.Graph) -> dict:
    n, m = g.number_of_nodes(), g.number_of_edges()
    comps = components(g)
    out = {"people": n, "inactivePeople": len(b.people) - n, "ties": m,
           "density": nx.density(g), "components": len(comps),
           "componentSizes": [len(c) for c in comps],
           "largestComponentShare": ratio(len(comps[0]), n) if comps else None,
           "isolated": sum(1 for v in g if g.degree(v) == 0),
           "averageShortestPath": None, "diameter": None}
    if comps:
        big = g.subgraph(comps[0])
        out["averageShortestPath"] = nx.average_shortest_path_length(big)
        out["diameter"] = nx.diameter(big)
    return out


def clean(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def eigenvector(g: nx.Graph) -> dict[str, float]:
    nodes = list(g)   # sorted ids
    if not nodes:
        return {}
    a = nx.to_numpy_array(g, nodelist=nodes, weight=None)
    vals, vecs = np.linalg.eigh(a)
    if len(nodes) > 1:
        assert vals[-1] - vals[-2] > 1e-6, ("top eigenvalue not simple", vals[-1], vals[-2])
    x = vecs[:, -1]
    if x.sum() < 0:
        x = -x
    x = np.where(np.abs(x) < 1e-12, 0.0, x)   # numerical zeros (other components)
    assert x.min() >= 0.0
    x = x / np.linalg.norm(x)
    out = {v: float(x[i]) for i, v in enumerate(nodes)}
    check = nx.eigenvector_centrality(g, max_iter=100000, tol=1e-12)
    worst = max(abs(check[v] - out[v]) for v in nodes)
    assert worst < 1e-6, ("eigenvector disagrees with nx.eigenvector_centrality", worst)
    print(f"  eigenvector: top eigenvalue {float(vals[-1])!r} (next {float(vals[-2]) if len(vals) > 1 else None!r}),"
          f" max |eigh - nx.eigenvector_centrality| = {worst:.3g}")
    return out


def effective_size(g: nx.Graph) -> dict[str, float]:
    """Burt's effective size with weight="weight", as nx.effective_size(G, nodes=..., weight=...).

    networkx 3.6's all-nodes fast path (nodes=None, scipy present) divides the
    max-normalised mutual weights by the wrong axis (column max, not row max), so
    its weighted results are wrong (networkx PR #8906). This is the same formula as
    its per-node path, on a dense matrix:
        e(u) = sum over v in N(u) of (1 - sum over w in N(u) of p_uw * m_vw),
        p_uw = a_uw / sum_x a_ux,  m_vw = a_vw / max_x a_vx,  a = mutual weight.
    It is checked against that per-node path below. NaN for isolated people.
    """
    nodes = list(g)
    if not nodes:
        return {}
    w = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    mutual = w + w.T
    sums, maxes = mutual.sum(axis=1), mutual.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = mutual / sums[:, np.newaxis]
        m = mutual / maxes[:, np.newaxis]
    r = 1.0 - p @ m.T
    eff = np.where(mutual > 0, r, 0.0).sum(axis=1)
    eff[sums == 0] = np.nan
    return {v: float(eff[i]) for i, v in enumerate(nodes)}


def check_structural_holes(g: nx.Graph, cons: dict, eff: dict) -> None:
    """Compare with NetworkX's per-node (reference) paths on a deterministic sample."""
    nodes = list(g)
    if len(nodes) <= 100:
        sample = nodes
    else:   # the per-node path is O(degree^3): every 25th person of degree <= 80
        sample = [v for v in nodes if 0 < g.degree(v) <= 80][::25]
        sample += [v for v in nodes if g.degree(v) == 0][:1]
    c_ref = nx.constraint(g, nodes=sample, weight="weight")
    e_ref = nx.effective_size(g, nodes=sample, weight="weight")
    worst_c = worst_e = 0.0
    for v in sample:
        for ref, got, label in ((c_ref[v], cons[v], "constraint"), (e_ref[v], eff[v], "effective size")):
            if math.isnan(ref) or math.isnan(got):
                assert math.isnan(ref) and math.isnan(got), (label, v, ref, got)
                continue
            diff = abs(ref - got) / max(1.0, abs(ref))
            assert diff < 1e-9, (label, v, ref, got)
            if label == "constraint":
                worst_c = max(worst_c, diff)
            else:
                worst_e = max(worst_e, diff)
    print(f"  structural holes: {len(sample)} people checked against the per-node paths,"
          f" max relative difference constraint {worst_c:.3g}, effective size {worst_e:.3g}")


def part_info(b: Bundle, members: list[str]) -> dict:
    sides: dict[str, int] = defaultdict(int)
    for p in members:
        sides[b.side[p] or "unknown"] += 1
    return {"size": len(members), "sides": dict(sorted(sides.items()))}


def brokers(b: Bundle, g: nx.Graph) -> tuple[list, list]:
    aps = []
    for v in sorted(nx.articulation_points(g)):
        comp = nx.node_connected_component(g, v) - {v}
        rest = g.subgraph(comp)
        parts = sorted((sorted(c) for c in nx.connected_components(rest)), key=lambda c: (-len(c), c))
        aps.append({"person": v, "parts": [part_info(b, c) for c in parts]})
    brs = []
    for u, v in sorted(tuple(sorted(e)) for e in nx.bridges(g)):
        h = g.subgraph(nx.node_connected_component(g, u)).copy()
        h.remove_edge(u, v)
        pa = sorted(nx.node_connected_component(h, u))
        pb = sorted(nx.node_connected_component(h, v))
        brs.append({"pair": [u, v], "parts": [part_info(b, pa), part_info(b, pb)]})
    return aps, brs


def within_two(g: nx.Graph, v: str) -> set[str]:
    near = set(g[v])
    for u in list(near):
        near.update(g[u])
    near.discard(v)
    return near


def cross_divide(b: Bundle, g: nx.Graph, meetings: list[str]) -> dict:
    n, m = g.number_of_nodes(), g.number_of_edges()
    cross = [(u, v) for u, v in g.edges() if is_cross(b, u, v)]
    per_person = {v: {"crossDivideTies": 0, "reach": 0} for v in g}
    for u, v in cross:
        per_person[u]["crossDivideTies"] += 1
        per_person[v]["crossDivideTies"] += 1
    for v in g:
        per_person[v]["reach"] = sum(1 for u in within_two(g, v) if is_cross(b, u, v))
    known = [(b.side[u], b.side[v]) for u, v in g.edges() if b.side[u] and b.side[v]]
    e = sum(1 for su, sv in known if su != sv)
    i = len(known) - e
    ei = (e - i) / (e + i) if e + i else None
    ei_by_side = {}
    for s in sorted({b.side[v] for v in g if b.side[v]}):
        es = sum(1 for su, sv in known if (su == s) != (sv == s))
        is_ = sum(1 for su, sv in known if su == s and sv == s)
        ei_by_side[s] = (es - is_) / (es + is_) if es + is_ else None
    seen: set[tuple[str, str]] = set()
    per_meeting = {}
    for mt in meetings:
        ps = sorted(b.attendees.get(mt, ()))
        new = 0
        for k, u in enumerate(ps):
            for v in ps[k + 1:]:
                if (u, v) not in seen:
                    seen.add((u, v))
                    new += is_cross(b, u, v)
        if new:
            per_meeting[mt] = new
    assert sum(per_meeting.values()) == len(cross)
    return {"crossDivideTies": len(cross), "crossDivideShare": ratio(len(cross), m),
            "peopleWithCrossTieShare": ratio(sum(1 for v in g if per_person[v]["crossDivideTies"]), n),
            "eiIndex": ei, "eiBySide": ei_by_side, "perPerson": per_person,
            "perMeeting": per_meeting}


def tracks(b: Bundle, g: nx.Graph, meetings: list[str]) -> dict:
    by_track: dict[str, set[str]] = defaultdict(set)
    tracks_of: dict[str, set[str]] = defaultdict(set)
    for mt in meetings:
        t = b.meetings[mt]["track"]
        if t:
            by_track[t].update(b.attendees.get(mt, ()))
            for p in b.attendees.get(mt, ()):
                tracks_of[p].add(t)
    t1, t15, t2 = by_track["1"], by_track["1.5"], by_track["2"]
    links = sum(1 for u, v in g.edges()
                if (u in t1 and (v in t15 or v in t2)) or (v in t1 and (u in t15 or u in t2)))
    dist: dict[str, int] = {v: 0 for v in sorted(t1)}   # multi-source BFS from Track 1
    queue = deque(sorted(t1))
    while queue:
        u = queue.popleft()
        for w in g[u]:
            if w not in dist:
                dist[w] = dist[u] + 1
                queue.append(w)
    t2_dist = {v: dist.get(v) for v in sorted(t2)}
    share = (sum(1 for d in t2_dist.values() if d is not None and d <= 2) / len(t2)) if t2 else None
    return {"multiTrackPeople": sorted(p for p, ts in tracks_of.items() if len(ts) >= 2),
            "track1Links": links, "track2Distance": t2_dist, "track2WithinTwoShare": share}


def ego(g: nx.Graph, people: dict, aps: list) -> tuple[dict, list]:
    chosen: list[tuple[str, str]] = []

    def take(candidates: list[str], why: str, fallback: list[str], why_else: str) -> None:
        if not [c for c in candidates if c not in {p for p, _ in chosen}]:
            candidates, why = fallback, why_else
        for c in candidates:
            if c not in {p for p, _ in chosen}:
                chosen.append((c, why))
                return

    nodes = list(g)   # sorted ids
    by_degree = sorted(nodes, key=lambda v: (-g.degree(v), v))
    by_betweenness = sorted(nodes, key=lambda v: (-people[v]["betweenness"], v))
    by_low_degree = sorted(nodes, key=lambda v: (g.degree(v), v))
    take(by_degree, "highest degree", [], "")
    take(by_betweenness, "highest betweenness", [], "")
    take([a["person"] for a in aps], "first articulation point",
         by_betweenness, "next highest betweenness (no articulation point left)")
    take([v for v in nodes if g.degree(v) == 1], "first person of degree 1",
         by_low_degree, "lowest degree (no one of degree 1 left)")
    take([v for v in nodes if g.degree(v) == 0], "first isolated person",
         by_low_degree, "next lowest degree (no isolated person left)")
    out = {}
    for p, _ in chosen:
        out[p] = {}
        for k in (1, 2):
            e = nx.ego_graph(g, p, radius=k)
            out[p][f"k{k}"] = {"people": sorted(e), "ties": e.number_of_edges()}
    return out, [{"person": p, "why": why} for p, why in chosen]


def organisation_network(b: Bundle, meetings: list[str]) -> list:
    affs: dict[str, list[dict]] = defaultdict(list)
    for a in b.affiliations:
        affs[a["person_id"]].append(a)
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for mt in meetings:
        day = b.meetings[mt]["start_date"]
        behind = {}
        for p in b.attendees.get(mt, ()):
            orgs = {a["organisation_id"] for a in affs[p]
                    if (not a["start_date"] or a["start_date"] <= day)
                    and (not a["end_date"] or a["end_date"] >= day)}
            if (p, mt) in b.represented:
                orgs.add(b.represented[(p, mt)])
            behind[p] = orgs
        linked = set()
        ps = sorted(behind)
        for i, p in enumerate(ps):
            for q in ps[i + 1:]:
                for x in behind[p]:
                    for y in behind[q]:
                        if x != y:
                            linked.add((min(x, y), max(x, y)))
        for pair in linked:
            weight[pair] += 1
    return [[x, y, weight[(x, y)]] for x, y in sorted(weight)]


def evolution(b: Bundle, meetings: list[str]) -> list:
    if not meetings:
        return []
    years = [int(b.meetings[m]["start_date"][:4]) for m in meetings]
    out = []
    for year in range(years[0], years[-1] + 1):
        upto = [m for m, y in zip(meetings, years) if y <= year]
        g = met_graph(b, upto)
        n, m = g.number_of_nodes(), g.number_of_edges()
        comps = components(g)
        cross = sum(1 for u, v in g.edges() if is_cross(b, u, v))
        out.append({"year": year, "people": n, "ties": m,
                    "largestComponentShare": ratio(len(comps[0]), n) if comps else None,
                    "crossDivideShare": ratio(cross, m),
                    "meanDegree": 2 * m / n if n else 0.0})
    return out


def analyse(folder: Path, window: bool) -> dict:
    b = Bundle(folder)
    meetings = b.in_scope(None, None)
    g = met_graph(b, meetings)

    deg_c = nx.degree_centrality(g)
    betw = nx.betweenness_centrality(g, normalized=True)
    clos = nx.closeness_centrality(g)
    eig = eigenvector(g)
    cons = nx.constraint(g, weight="weight")
    eff = effective_size(g)
    check_structural_holes(g, cons, eff)
    people = {v: {"degree": g.degree(v), "degreeCentrality": deg_c[v],
                  "weightedDegree": g.degree(v, weight="weight"), "betweenness": betw[v],
                  "closeness": clos[v], "eigenvector": eig[v],
                  "constraint": clean(cons[v]), "effectiveSize": clean(eff[v])}
              for v in g}

    aps, brs = brokers(b, g)
    parts = nx.community.louvain_communities(g, weight="weight", resolution=1, seed=42)
    communities = sorted(sorted(c) for c in parts)
    ego_out, ego_why = ego(g, people, aps)

    out = {
        "reference": {"networkx": nx.__version__, "numpy": np.__version__,
                      "scipy": scipy.__version__},
        "scope": {"since": None, "until": None, "confidentiality": "all levels"},
        "summary": summary(b, g),
        "people": people,
        "articulationPoints": aps,
        "bridges": brs,
        "louvain": {"modularity": nx.community.modularity(g, parts, weight="weight"),
                    "communities": communities},
        "crossDivide": cross_divide(b, g, meetings),
        "tracks": tracks(b, g, meetings),
        "ego": ego_out,
        "egoSelection": ego_why,
        "organisationNetwork": organisation_network(b, meetings),
        "evolution": evolution(b, meetings),
    }
    if window:
        since, until = WINDOW
        gw = met_graph(b, b.in_scope(since, until))
        out["window"] = {"since": since, "until": until, "summary": summary(b, gw),
                         "betweenness": nx.betweenness_centrality(gw, normalized=True)}
        # a window without meetings: every share's denominator is 0
        empty = b.in_scope(EMPTY_WINDOW, None)
        ge = met_graph(b, empty)
        out["emptyWindow"] = {"since": EMPTY_WINDOW, "summary": summary(b, ge),
                              "crossDivide": cross_divide(b, ge, empty)}
    return out


def write_expected(folder: Path, window: bool) -> None:
    print(folder.relative_to(ROOT))
    data = analyse(folder, window)
    text = json.dumps(data, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=False)
    (folder / "expected.json").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    davis = FIXTURES / "davis"
    synth = FIXTURES / "synthetic_1k"
    write_bundle(davis, davis_bundle())
    write_bundle(synth, synthetic_bundle())
    write_expected(davis, window=False)
    write_expected(synth, window=True)
    for folder in (davis, synth):
        s = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["summary"]
        print(folder.relative_to(ROOT), json.dumps(s, sort_keys=True))


if __name__ == "__main__":
    main()
