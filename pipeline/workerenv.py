"""Imported first in every worker process (before numpy): one compute thread per
library in each worker, since the run already has one worker per core. Without it
each worker's BLAS/OpenMP/torch would start a thread per core and N workers would
fight over N cores."""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_name] = "1"
