"""Stage 1, reading: a notes file's bytes to records, one file at a time.

sources (bytes -> text) -> lines (each line's shape) -> outline (blocks) ->
shapes (where the talks are) -> walk (notes, speakers, roles) -> records.
"""
