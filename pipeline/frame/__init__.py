"""Embedding, framing and discovery of framings: pure functions over DataFrames and
arrays. The stage modules (pipeline/stages/embed.py, framings.py) only read inputs,
call these and write outputs."""
