from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection


@dataclass
class QueryCount:
    count: int = 0


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block, across requests."""
    counter = QueryCount()

    def wrapper(execute, sql, params, many, context):
        counter.count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter
