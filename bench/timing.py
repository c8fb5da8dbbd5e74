"""Response headers with the time the request spent in SQL, so the harness can subtract it from page time."""

from time import perf_counter

from django.db import connection


def sql_time(get_response):
    def middleware(request):
        spent = [0.0, 0]

        def timed(execute, sql, params, many, context):
            started = perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += perf_counter() - started
                spent[1] += 1

        started = perf_counter()
        with connection.execute_wrapper(timed):
            response = get_response(request)
        response["X-App-Time"] = f"{(perf_counter() - started) * 1000:.3f}"
        response["X-SQL-Time"] = f"{spent[0] * 1000:.3f}"
        response["X-SQL-Count"] = str(spent[1])
        return response

    return middleware
