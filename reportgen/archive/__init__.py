"""The archive, beneath every stage: where runs are kept and how they are named and read back.

`layout` names the files (`<archive>/YYYY/MM/<slug>-<YYYY-MM-DD>-<NN>.md` and its `.json`
sidecar, the lock, the database, the index), `sidecar` is the versioned format of one archived
run and its migrations, `store` the SQLite history derived from the sidecars, and `outcomes`
the one outcome per test and run that history records. Every stage may read the archive; the
archive imports no stage.
"""
