"""Deterministic benchmark instances for the matching engine.

Every instance is built from a fixed seed with NumPy's PCG64, written as the
engine's JSON file, and (for the explicit-score kinds) also as an .npz with the
arrays the Python solvers need, so no solver has to parse JSON.

Kinds:
  random     dense score_matrix, scores 0-100 uniform, no preferences
  realistic  dense score_matrix from five weighted criteria (some pairs
             ineligible by level), first/second choices skewed toward popular
             mentors, three forbidden pairs per mentee
  noties     the tie-free twin of `realistic` (same seed, same choices,
             forbidden pairs and eligibility): every eligible score becomes
             score * 50 + a fixed random 0-49 (NumPy default_rng(99)), so
             scores keep their order but barely tie (0-5,049); the objective
             class is the same (most matched, first, second choices, total)
  profile    profiles only: the engine computes compatibility itself
"""

import json
import sys

import numpy as np

SKILLS = [f"skill{k}" for k in range(30)]
STYLES = ["collaborative", "decisive", "coaching"]
PERSONAL = ["sociable", "business-like", "thinker", "doer", "warm", "reserved"]
LOCATIONS = ["London", "Leeds", "Paris", "Berlin", "Madrid", "Lisbon", "Dublin", "Oslo", "Rome", "Vienna"]
FUNCTIONS = ["Finance", "Sales", "Operations", "Engineering", "HR", "Marketing", "Legal", "Product"]
WORDS = [f"w{k}" for k in range(600)]


def popularity(rng, m):
    """Zipf-like popularity over mentors in random order."""
    p = 1.0 / np.arange(1, m + 1) ** 0.8
    p = p[rng.permutation(m)]
    return p / p.sum()


def choices(rng, n, m, first_share=0.9, second_share=0.7):
    """(first, second) mentor index per mentee, -1 when not stated; distinct."""
    p = popularity(rng, m)
    first = rng.choice(m, size=n, p=p)
    second = rng.choice(m, size=n, p=p)
    clash = second == first
    while clash.any():
        second[clash] = rng.choice(m, size=int(clash.sum()), p=p)
        clash = second == first
    first = np.where(rng.random(n) < first_share, first, -1)
    second = np.where((first >= 0) & (rng.random(n) < second_share), second, -1)
    return first, second


def forbidden_pairs(rng, n, m, per_mentee=3):
    f = np.stack([rng.choice(m, size=per_mentee, replace=False) for _ in range(n)]) if n * m else np.zeros((n, 0), int)
    return f


def gap_fit(gap):
    table = {0: 0.2, 1: 0.7, 2: 1.0, 3: 1.0, 4: 0.7, 5: 0.4}
    return np.where(gap < 0, 0.0, np.vectorize(lambda g: table.get(int(g), 0.2))(gap))


def realistic_scores(rng, n, m):
    """Five weighted criteria -> integer 0-100; -1 where the mentor is not senior."""
    mentee_skill = rng.integers(0, len(SKILLS), n)
    mentor_skill_level = rng.integers(0, 6, (len(SKILLS), m))
    mentee_style = rng.integers(0, 3, n)
    mirror = rng.random(n) < 0.5
    mentor_style = rng.integers(0, 3, m)
    mentee_level = rng.integers(1, 7, n)
    mentor_level = rng.integers(2, 11, m)
    mentee_loc = rng.integers(0, len(LOCATIONS), n)
    mentor_loc = rng.integers(0, len(LOCATIONS), m)
    mentee_fun = rng.integers(0, len(FUNCTIONS), n)
    mentor_fun = rng.integers(0, len(FUNCTIONS), m)
    table = np.array([0.2, 0.7, 1.0, 1.0, 0.7, 0.4] + [0.2] * 20)
    scores = np.empty((n, m), dtype=np.int32)
    for a in range(0, n, 1000):
        b = min(n, a + 1000)
        skills = mentor_skill_level[mentee_skill[a:b]] / 5.0
        same_style = mentee_style[a:b, None] == mentor_style[None, :]
        style = np.where(mirror[a:b, None], same_style, ~same_style).astype(float)
        gap = mentor_level[None, :] - mentee_level[a:b, None]
        career = np.where(gap < 0, 0.0, table[np.clip(gap, 0, 25)])
        loc = (mentee_loc[a:b, None] == mentor_loc[None, :]).astype(float)
        fun = (mentee_fun[a:b, None] == mentor_fun[None, :]).astype(float)
        s = np.floor(35 * skills + 20 * style + 20 * career + 15 * loc + 10 * fun).astype(np.int32)
        s[gap < 1] = -1
        scores[a:b] = s
    return scores


TIE_SPREAD = 50


def untie(scores):
    """The tie-free twin: score * 50 + a fixed random offset below 50 where eligible."""
    offset = np.random.default_rng(99).integers(0, TIE_SPREAD, scores.shape, dtype=np.int32)
    return np.where(scores >= 0, scores * TIE_SPREAD + offset, -1).astype(np.int32)


STRS = [str(v) for v in range(-1, 10001)]


def write_matrix_instance(path, scores, capacity, first, second, forbidden):
    n, m = scores.shape
    mentors = [f"m{j:05d}" for j in range(m)]
    mentees = [f"e{i:06d}" for i in range(n)]
    with open(path, "w") as f:
        f.write('{"mentors":[')
        f.write(",".join(f'{{"id":"{mid}","capacity":{capacity}}}' for mid in mentors))
        f.write('],"mentees":[')
        f.write(",".join(f'{{"id":"{eid}"}}' for eid in mentees))
        f.write('],"preferences":[')
        prefs = []
        for i in range(n):
            if first[i] >= 0:
                prefs.append(f'{{"mentee":"{mentees[i]}","mentor":"{mentors[first[i]]}","rank":1}}')
            if second[i] >= 0:
                prefs.append(f'{{"mentee":"{mentees[i]}","mentor":"{mentors[second[i]]}","rank":2}}')
        f.write(",".join(prefs))
        f.write('],"forbidden":[')
        f.write(",".join(f'{{"mentee":"{mentees[i]}","mentor":"{mentors[j]}"}}' for i in range(n) for j in forbidden[i]))
        f.write('],"score_matrix":[')
        for i in range(n):
            if i:
                f.write(",")
            f.write("[" + ",".join([STRS[v + 1] for v in scores[i].tolist()]) + "]")
        f.write("]}\n")


def matrix_kind(kind, n, m, capacity, seed, path):
    rng = np.random.default_rng(seed)
    if kind == "random":
        scores = rng.integers(0, 101, (n, m), dtype=np.int32)
        first = second = np.full(n, -1)
        forbidden = np.zeros((n, 0), dtype=int)
    else:
        scores = realistic_scores(rng, n, m)
        first, second = choices(rng, n, m)
        forbidden = forbidden_pairs(rng, n, m)
        if kind == "noties":
            scores = untie(scores)
    write_matrix_instance(path, scores, capacity, first, second, forbidden)
    np.savez(path.replace(".json", ".npz"), scores=scores, first=first, second=second, forbidden=forbidden, capacity=capacity)


def words(rng, k, p):
    return " ".join(WORDS[w] for w in rng.choice(len(WORDS), size=k, p=p))


def profile_kind(n, m, capacity, seed, path):
    rng = np.random.default_rng(seed)
    zipf = 1.0 / np.arange(1, len(WORDS) + 1)
    zipf /= zipf.sum()
    mentors = []
    for j in range(m):
        k = int(rng.integers(3, 7))
        skills = {SKILLS[s]: int(rng.integers(1, 6)) for s in rng.choice(len(SKILLS), size=k, replace=False)}
        mentors.append({
            "id": f"m{j:05d}", "capacity": capacity, "skills": skills,
            "leadership_style": STYLES[int(rng.integers(0, 3))],
            "personal_style": [PERSONAL[2 * a + int(rng.integers(0, 2))] for a in range(3)],
            "level": int(rng.integers(3, 13)), "location": LOCATIONS[int(rng.integers(0, len(LOCATIONS)))],
            "function": FUNCTIONS[int(rng.integers(0, len(FUNCTIONS)))],
            "bio": words(rng, int(rng.integers(15, 31)), zipf),
        })
    first, second = choices(rng, n, m)
    forbidden = forbidden_pairs(rng, n, m)
    mentees, prefs, forb = [], [], []
    for i in range(n):
        eid = f"e{i:06d}"
        mentees.append({
            "id": eid,
            "focus_skills": [SKILLS[s] for s in rng.choice(len(SKILLS), size=int(rng.integers(1, 3)), replace=False)],
            "leadership_style": STYLES[int(rng.integers(0, 3))],
            "style_preference": ["mirror", "different", "any"][int(rng.integers(0, 3))],
            "personal_preference": [PERSONAL[int(p)] for p in rng.choice(6, size=int(rng.integers(1, 3)), replace=False)],
            "level": int(rng.integers(1, 10)), "location": LOCATIONS[int(rng.integers(0, len(LOCATIONS)))],
            "function": FUNCTIONS[int(rng.integers(0, len(FUNCTIONS)))],
            "goals": words(rng, int(rng.integers(10, 21)), zipf),
            "management_chain": [f"m{int(j):05d}" for j in rng.choice(m, size=2, replace=False)],
        })
        if first[i] >= 0:
            prefs.append({"mentee": eid, "mentor": f"m{first[i]:05d}", "rank": 1})
        if second[i] >= 0:
            prefs.append({"mentee": eid, "mentor": f"m{second[i]:05d}", "rank": 2})
        forb.extend({"mentee": eid, "mentor": f"m{int(j):05d}"} for j in forbidden[i])
    inst = {
        "rules": {"management_line": "exclude", "min_level_gap": 1, "same_location": False, "function": "any"},
        "mentors": mentors, "mentees": mentees, "preferences": prefs, "forbidden": forb,
    }
    with open(path, "w") as f:
        json.dump(inst, f, separators=(",", ":"))


if __name__ == "__main__":
    kind, n, m, capacity, seed, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    if kind == "profile":
        profile_kind(n, m, capacity, seed, path)
    else:
        matrix_kind(kind, n, m, capacity, seed, path)
