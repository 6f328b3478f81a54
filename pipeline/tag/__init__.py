"""Sentence taggers: definitions of the concept, stakeholder interests, and the
exports built from them (DNA statements, actor x concept network)."""
