"""The product matcher's time per MB of notes, with the hand-curated lexicon alone and
with the generated one (curated + simple-icons, linguist-languages, devicon).

Issue 11 asks that matching ~5,000 products cost no more per character than the
old ~1,200: the matcher is a few RE2 tries, not one regex per product. Both sides
scan the same notes (every note of the benchmark archive, prepared once) in the
same interpreter, best of `repeat` runs of CPU time.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .archive import PROJECT_ROOT

_CODE = """
import json, time
from analysis import load_notes
from analysis.enrich.lexicon import Lexicon, read_products, PRODUCTS_FILE, file_set
from analysis.enrich.mentions import find_mentions
from analysis.enrich.textprep import prepare

notes = load_notes({folder!r}, cache=False).notes[["note_id", "talk_id", "text"]]
megabytes = notes["text"].str.len().sum() / 1e6
prepared = prepare(notes)
curated = PRODUCTS_FILE.with_name("products_curated.toml")
results = {{"megabytes": float(megabytes)}}
for name, path in (("curated", curated), ("generated", PRODUCTS_FILE)):
    lexicon = Lexicon(products=tuple(read_products(path)), files=file_set([path]))
    find_mentions(notes.head(50), lexicon)  # build the matcher outside the clock
    best = None
    for _ in range({repeat}):
        start = time.process_time()
        found = find_mentions(notes, lexicon, prepared=prepared)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    results[name] = {{"products": len(lexicon.products), "seconds": best, "mentions": len(found)}}
print(json.dumps(results))
"""


def matcher_rows(folder: Path, repeat: int) -> list[tuple[str, str, str, str]]:
    """Rows (measure, figure, target, verdict) for RESULTS.md."""
    done = subprocess.run([sys.executable, "-c", _CODE.format(folder=str(folder), repeat=repeat)],
                          capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    megabytes = result["megabytes"]
    curated, generated = result["curated"], result["generated"]
    per_mb = {name: result[name]["seconds"] / megabytes for name in ("curated", "generated")}
    ratio = per_mb["generated"] / per_mb["curated"]
    # "Must not grow with the number of entries per character scanned": within noise of the old cost.
    return [
        ("matcher: curated lexicon", f"{curated['products']} products, {per_mb['curated'] * 1000:.0f} ms per MB ({curated['mentions']} mentions)", "-", "-"),
        ("matcher: generated lexicon", f"{generated['products']} products, {per_mb['generated'] * 1000:.0f} ms per MB ({generated['mentions']} mentions)",
         "cost per character not growing with the entries", "-"),
        ("matcher: generated / curated, per MB", f"{ratio:.2f} with {generated['products'] / curated['products']:.1f}x the products",
         "<= 1.3 (no growth with the entries, within noise)", "met" if ratio <= 1.3 else "NOT met"),
    ]
