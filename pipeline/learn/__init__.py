"""Trained taggers: labelled sentences in, calibrated scorers out.

The rules of `pipeline.tag` and `pipeline.frame` propose candidates and describe
them (which structural pattern fired, which cues, what the parse shows); the models
here, fitted on labelled sentences, decide. Modules:

- labels: reading labelled JSONL and aligning it to a corpus's sentences;
- estimator: the calibrated linear classifier every tagger uses;
- features: the feature rows of each task, shared by training and tagging;
- taggers: the fitted models on disk (models/taggers/) and their manifest;
- train: fitting the taggers from a labelled corpus.
"""
