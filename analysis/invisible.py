"""Characters that show nothing, or change what other characters show.

`FORMAT_CHARACTERS` is every character of Unicode category Cf (format): soft hyphen
U+00AD, zero-width spaces and joiners, bidi marks, U+180E, U+206A-206F, the
interlinear annotation marks U+FFF9-FFFB, the musical U+1D173-1D17A, tag characters,
and the others. It is written out (a regex character class) rather than computed
from `unicodedata` at import, which would scan all 1.1 million code points;
tests/test_text_cleaning.py checks it against the running Python's Unicode data.
"""
from __future__ import annotations

UNICODE_VERSION = "14.0.0"  # of the class below (Python 3.11's unicodedata)
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Not Cf but as invisible: line and paragraph separators, and the unassigned tag code points.
OTHER_INVISIBLE = "\u2028\u2029\U000e0000-\U000e007f"
