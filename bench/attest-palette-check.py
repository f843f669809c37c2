#!/usr/bin/env python3
"""attest-palette-check.py — are the category colours told apart by
colour-blind readers, and on light and dark backgrounds?

Simulates protanopia, deuteranopia and tritanopia (Machado, Oliveira &
Fernandes 2009, severity 1.0, applied to linear sRGB) and prints, for each
vision, the smallest CIEDE2000 difference between two categories' colours:
solid (the lanes under the text, the chips) and as the article's tints
(35 % over white, 42 % over Adwaita's dark #242424). Also the smallest
difference of a colour from each background (a lane must show on both).

    bench/attest-palette-check.py [data/default-taxonomy.json]
    bench/attest-palette-check.py --search   (pick 13 from the candidate pool)
"""
import itertools, json, math, random, sys

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
LIGHT, DARK = (1.0, 1.0, 1.0), (0x24 / 255, 0x24 / 255, 0x24 / 255)


def hex_rgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def to_lin(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def to_srgb(c):
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(rgb, vision):
    if vision == "normal":
        return rgb
    lin = [to_lin(c) for c in rgb]
    m = MACHADO[vision]
    return tuple(to_srgb(sum(m[r][k] * lin[k] for k in range(3))) for r in range(3))


def lab(rgb):
    r, g, b = (to_lin(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2):
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    Cb = (C1 + C2) / 2
    G = 0.5 * (1 - math.sqrt(Cb ** 7 / (Cb ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    if C1p * C2p == 0:
        dh = 0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dh / 2))
    Lbp, Cbp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbp = (h1p + h2p + 360) / 2
    else:
        hbp = (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    dth = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cbp, 1 + 0.015 * Cbp * T
    Rt = -math.sin(math.radians(2 * dth)) * Rc
    return math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))


def tint(rgb, bg, alpha):
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, bg))


VISIONS = ["normal", "protanopia", "deuteranopia", "tritanopia"]
LOOKS = {"solid": lambda c: c, "tint on light": lambda c: tint(c, LIGHT, 0.35),
         "tint on dark": lambda c: tint(c, DARK, 0.42)}


def report(colors):
    """{(look, vision): (min ΔE00, pair)}, and the least distance from a background."""
    out = {}
    for look, f in LOOKS.items():
        for v in VISIONS:
            labs = [lab(simulate(f(hex_rgb(c)), v)) for c in colors]
            best = min(((ciede2000(labs[i], labs[j]), (colors[i], colors[j]))
                        for i, j in itertools.combinations(range(len(colors)), 2)))
            out[(look, v)] = best
    bgs = {}
    for name, bg in (("light", LIGHT), ("dark", DARK)):
        bgs[name] = min(min(ciede2000(lab(simulate(hex_rgb(c), v)), lab(simulate(bg, v))) for v in VISIONS)
                        for c in colors)
    return out, bgs


def bg_distance(c):
    return min(ciede2000(lab(simulate(hex_rgb(c), v)), lab(simulate(bg, v)))
               for v in VISIONS for bg in (LIGHT, DARK))


def score(colors):
    out, bgs = report(colors)
    return min(d for d, _ in out.values()), min(bgs.values())


POOL = [  # Paul Tol's bright, vibrant, muted and light schemes; Okabe–Ito
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
    "#EE7733", "#0077BB", "#33BBEE", "#EE3377", "#CC3311", "#009988",
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
    "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00",
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#777777",
]


def search(n=13, rounds=4000, seed=16):
    rng = random.Random(seed)
    # A colour must stand out from both backgrounds for a 2 px lane.
    pool = [c for c in POOL if bg_distance(c) >= 18]
    best = rng.sample(pool, n)
    best_s = score(best)[0]
    for _ in range(rounds):
        cand = list(best)
        cand[rng.randrange(n)] = rng.choice([c for c in pool if c not in cand])
        s = score(cand)[0]
        if s >= best_s:
            best, best_s = cand, s
    return best, best_s


def main():
    if "--search" in sys.argv:
        colors, s = search()
        print("picked (min ΔE00 over all looks and visions = %.1f):" % s)
        print(" ".join(colors))
        return
    path = next((a for a in sys.argv[1:] if not a.startswith("-")), "data/default-taxonomy.json")
    colors = [c["color"] for c in json.load(open(path))["categories"]]
    out, bgs = report(colors)
    print("%s: %d colours" % (path, len(colors)))
    print("%-14s %s" % ("min ΔE00", "  ".join("%-13s" % v for v in VISIONS)))
    for look in LOOKS:
        print("%-14s %s" % (look, "  ".join("%5.1f %-7s" % (out[(look, v)][0], "") for v in VISIONS)))
    worst = min(out.items(), key=lambda kv: kv[1][0])
    print("closest pair: %s and %s (%s, %s): %.1f" % (worst[1][1][0], worst[1][1][1], worst[0][0], worst[0][1], worst[1][0]))
    print("least ΔE00 from the background: light %.1f, dark %.1f" % (bgs["light"], bgs["dark"]))


if __name__ == "__main__":
    main()
