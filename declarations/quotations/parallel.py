"""A whole-archive find_quotations with the matching in worker processes, the database work in this one.

Matching is pure Python on one core; writing the links and reading the news is the database's work. Run one
after the other, a first run at a million paragraphs took 54-61 s, a third of them waiting for PostgreSQL
(figures: README, Quotations). Here the workers match batch after batch while this process reads the next news
rows and writes the links found in the previous ones, in order, in its own transaction: the results and the
counts are the same as a sequential run's.

The workers are forked once every summit's index is built, so they start with the whole archive and never touch
the database (a forked child must not use its parent's connection); each matches a batch of news rows sent to it
and returns what match_rows returns.
"""

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor

_finder = None  # the LinkFinder the workers inherit at the fork


def _match(rows):
    return _finder.match_rows(rows)


def refresh_archive(finder, summit_ids, workers, progress=None):
    """Every news paragraph of these summits (the whole archive, nothing changing during the run)."""
    global _finder
    for summit_id in summit_ids:
        finder.archive.index(summit_id)
    batches = [(summit_id, ids) for summit_id in summit_ids for ids in finder.news_batches(summit_id)]
    last_of_summit = {summit_id: i for i, (summit_id, _) in enumerate(batches)}
    _finder = finder
    try:
        # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed for memory) fails the run
        # with BrokenProcessPool, where a Pool would wait for its batch for ever.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            pending = deque()

            def write_oldest():
                index, rows, result = pending.popleft()
                finder.record(rows, *result.result())
                summit_id = batches[index][0]
                if progress and last_of_summit[summit_id] == index:
                    progress(summit_id, finder.counts)

            for index, (_, ids) in enumerate(batches):
                rows = finder.rows_of(ids)
                pending.append((index, rows, pool.submit(_match, rows)))
                # Enough batches in flight to keep every worker busy while the oldest is written.
                while len(pending) > 2 * workers:
                    write_oldest()
            while pending:
                write_oldest()
    finally:
        _finder = None
