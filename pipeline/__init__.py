"""policyframes: how policy documents define, contest and frame a concept, and how
that drifts over time and differs between frameworks."""

__version__ = "0.1.0"
