"""The product matcher's time per MB of notes, with the hand-curated lexicon alone and
with the generated one (curated + simple-icons, linguist-languages, devicon, logos).

Issue 11 asks that matching ~5,000 products cost no more per character than the
old ~1,200: the matcher is one trie over words (analysis/enrich/word_trie.py), a hash
lookup per word whatever the number of spellings. Two figures per lexicon: the scan
alone (the matcher: every spelling found), and find_mentions in all (the scan, then
the rules that decide which matches are mentions, whose work follows the number of
matches found). Both sides scan the same notes (every note of the benchmark archive,
prepared once) in the same interpreter, best of `repeat` runs of CPU time.
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
from analysis.enrich.matcher import ProductMatcher, scan
from analysis.enrich.mentions import find_mentions
from analysis.enrich.textprep import prepare

notes = load_notes({folder!r}, cache=False).notes[["note_id", "talk_id", "text"]]
megabytes = notes["text"].str.len().sum() / 1e6
prepared = prepare(notes)
curated = PRODUCTS_FILE.with_name("products_curated.toml")
results = {{"megabytes": float(megabytes)}}
for name, path in (("curated", curated), ("generated", PRODUCTS_FILE)):
    lexicon = Lexicon(products=tuple(read_products(path)), files=file_set([path]))
    trie = ProductMatcher.for_lexicon(lexicon).trie  # built outside the clock
    results[name] = {{"products": len(lexicon.products)}}
    for step, run in (("scan", lambda: scan(prepared, trie)), ("find", lambda: find_mentions(notes, lexicon, prepared=prepared))):
        best = None
        for _ in range({repeat}):
            start = time.process_time()
            found = run()
            spent = time.process_time() - start
            best = spent if best is None else min(best, spent)
        results[name][step] = best
        results[name][step + "_rows"] = len(found.row) if step == "scan" else len(found)
print(json.dumps(results))
"""


def matcher_rows(folder: Path, repeat: int) -> list[tuple[str, str, str, str]]:
    """Rows (measure, figure, target, verdict) for RESULTS.md."""
    done = subprocess.run([sys.executable, "-c", _CODE.format(folder=str(folder), repeat=repeat)],
                          capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    megabytes = result["megabytes"]
    curated, generated = result["curated"], result["generated"]
    def ms(side: dict, step: str) -> str:
        return f"{side[step] / megabytes * 1000:.0f} ms per MB"

    scale = f"with {generated['products'] / curated['products']:.1f}x the products"
    scan_ratio = generated["scan"] / curated["scan"]
    find_ratio = generated["find"] / curated["find"]
    # The rules weigh each match: per match found, the bigger lexicon's rules cost this much of the smaller's.
    per_match = (generated["find"] / generated["scan_rows"]) / (curated["find"] / curated["scan_rows"])
    # "Must not grow with the number of entries per character scanned": within noise of the old cost.
    return [
        ("matcher: curated lexicon", f"{curated['products']} products: scan {ms(curated, 'scan')} ({curated['scan_rows']} matches), "
         f"find_mentions {ms(curated, 'find')} ({curated['find_rows']} mentions)", "-", "-"),
        ("matcher: generated lexicon", f"{generated['products']} products: scan {ms(generated, 'scan')} ({generated['scan_rows']} matches), "
         f"find_mentions {ms(generated, 'find')} ({generated['find_rows']} mentions)", "cost per character not growing with the entries", "-"),
        ("matcher: generated / curated, scan per MB", f"{scan_ratio:.2f} {scale}",
         "<= 1.3 (no growth with the entries, within noise)", "met" if scan_ratio <= 1.3 else "NOT met"),
        ("matcher: generated / curated, find_mentions per MB", f"{find_ratio:.2f} {scale}, "
         f"{generated['scan_rows'] / curated['scan_rows']:.2f}x the matches ({per_match:.2f} per match)",
         "<= 1.3 (the rules' work follows the matches found)", "met" if find_ratio <= 1.3 else "NOT met"),
    ]
