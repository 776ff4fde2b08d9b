/* search-bench.c: how long a search takes inside one process.
 *
 * Opens an archive's catalog once, then runs each query of a queries file
 * (the queries.tsv of ../shared/corpus/make-corpus.sh: a header line, then
 * tab-separated columns, each cell a query; or any file with one query a
 * line) through hoso_catalog_search() for the top LIMIT hits with their
 * snippets, RUNS times each after one warm-up pass, and prints the median
 * and 95th percentile of each query and of all runs together, in
 * milliseconds.  The last line, "summary: ...", is for scripts
 * (tests/bench/query.sh and scale.sh read it).
 *
 * This measures the library call alone: starting a process, loading the
 * archive and opening the catalog are left out (they are printed apart, and
 * tests/bench/query.sh times whole `hoso search` processes).  It is a
 * benchmark, not a test: it fails only when the archive cannot be opened or
 * a query cannot be searched.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hoso-archive.h"
#include "hoso-index.h"

typedef struct {
  char *query;
  guint total;                /* pages matching */
  gboolean capped;            /* ... or more: the count stopped there */
  guint shown;                /* hits returned (<= limit) */
  GArray *ms;                 /* double: one per timed run */
} QueryTimes;

static void
query_times_free (QueryTimes *q)
{
  g_free (q->query);
  g_array_unref (q->ms);
  g_free (q);
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The P-th percentile (0 < P <= 100) of the N values of SORTED, by nearest
 * rank: the smallest value with at least P% of the values at or below it. */
static double
percentile (const double *sorted, guint n, double p)
{
  guint rank;

  if (n == 0)
    return 0;
  rank = (guint) ((p / 100.0) * n + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return sorted[rank - 1];
}

/* Sorts a copy of VALUES; caller frees. */
static GArray *
sorted_copy (GArray *values)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (double), values->len);

  g_array_append_vals (copy, values->data, values->len);
  g_array_sort (copy, compare_doubles);
  return copy;
}

/* The queries of the file at PATH: every non-empty tab-separated cell of
 * every line, the first line skipped when SKIP_HEADER, each query once.
 * Caller frees; NULL with an error if the file cannot be read. */
static GPtrArray *
read_queries (const char *path, gboolean skip_header, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *queries;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  queries = g_ptr_array_new_with_free_func ((GDestroyNotify) query_times_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = skip_header ? 1 : 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      for (guint j = 0; cells[j] != NULL; j++)
        {
          char *cell = g_strstrip (cells[j]);
          QueryTimes *q;

          if (*cell == '\0' || g_hash_table_contains (seen, cell))
            continue;
          q = g_new0 (QueryTimes, 1);
          q->query = g_strdup (cell);
          q->ms = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_add (seen, q->query);
          g_ptr_array_add (queries, q);
        }
    }
  return queries;
}

/* Runs Q once; adds its time to Q->ms when TIMED. */
static gboolean
run_query (HosoCatalog *catalog, QueryTimes *q, guint limit, gboolean timed,
           GError **error)
{
  double t0 = now_ms (), elapsed;
  g_autoptr(HosoSearchResult) result = hoso_catalog_search (catalog, q->query,
                                                            limit, error);

  if (result == NULL)
    {
      g_prefix_error (error, "Searching for “%s”: ", q->query);
      return FALSE;
    }
  /* Freeing the result is part of what a caller pays. */
  q->total = result->total;
  q->capped = result->total_capped;
  q->shown = result->hits->len;
  g_clear_pointer (&result, hoso_search_result_free);
  elapsed = now_ms () - t0;
  if (timed)
    g_array_append_val (q->ms, elapsed);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_sorted = NULL;
  int runs = 20, limit = 10;
  gboolean no_header = FALSE;
  double t0, t_open, t_first = 0;
  const GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs,
      "Timed runs of each query (default 20)", "N" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      "Hits asked for (default 10)", "N" },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header,
      "The first line of QUERIES is a query too", NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("ARCHIVE QUERIES");
  g_option_context_set_summary (context,
                                "Times hoso_catalog_search() on each query of QUERIES "
                                "(tab-separated, one header line) in ARCHIVE's catalog.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3
      || runs < 1 || limit < 1)
    {
      fprintf (stderr, "search-bench: %s\nUsage: search-bench [--runs N] [--limit N] ARCHIVE QUERIES\n",
               error ? error->message : "need an archive and a queries file, and positive numbers");
      return 2;
    }

  queries = read_queries (argv[2], !no_header, &error);
  if (queries == NULL || queries->len == 0)
    {
      fprintf (stderr, "search-bench: %s: %s\n", argv[2],
               error ? error->message : "no queries in this file");
      return 2;
    }
  t0 = now_ms ();
  archive = hoso_archive_open (argv[1], &error);
  if (archive)
    catalog = hoso_catalog_open (archive, NULL, NULL, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "search-bench: cannot open the catalog of %s: %s\n",
               argv[1], error->message);
      return 1;
    }
  t_open = now_ms () - t0;

  /* One pass untimed: the first search of a process prepares statements
   * and reads the index from disk; it is shown apart. */
  for (guint i = 0; i < queries->len; i++)
    {
      double t = now_ms ();
      if (!run_query (catalog, g_ptr_array_index (queries, i), (guint) limit,
                      FALSE, &error))
        {
          fprintf (stderr, "search-bench: %s\n", error->message);
          return 1;
        }
      if (i == 0)
        t_first = now_ms () - t;
    }
  /* Round robin, so a burst of noise on the machine is spread over all
   * queries instead of landing on one. */
  for (int r = 0; r < runs; r++)
    for (guint i = 0; i < queries->len; i++)
      if (!run_query (catalog, g_ptr_array_index (queries, i), (guint) limit,
                      TRUE, &error))
        {
          fprintf (stderr, "search-bench: %s\n", error->message);
          return 1;
        }

  printf ("%-28s %8s %6s %9s %9s %9s\n", "query", "pages", "shown",
          "p50 ms", "p95 ms", "max ms");
  for (guint i = 0; i < queries->len; i++)
    {
      QueryTimes *q = g_ptr_array_index (queries, i);
      g_autoptr(GArray) s = sorted_copy (q->ms);
      const double *v = (const double *) s->data;
      /* Pad by characters, not bytes: the queries are Vietnamese. */
      int pad = 28 - (int) g_utf8_strlen (q->query, -1);
      g_autofree char *total = g_strdup_printf ("%s%u", q->capped ? ">" : "", q->total);

      printf ("%s%*s %8s %6u %9.3f %9.3f %9.3f\n", q->query, pad > 0 ? pad : 0, "",
              total, q->shown, percentile (v, s->len, 50),
              percentile (v, s->len, 95), v[s->len - 1]);
      g_array_append_vals (all, q->ms->data, q->ms->len);
    }
  all_sorted = sorted_copy (all);
  {
    const double *v = (const double *) all_sorted->data;
    guint n = all_sorted->len;

    printf ("%-28s %8s %6s %9.3f %9.3f %9.3f\n", "all queries", "", "",
            percentile (v, n, 50), percentile (v, n, 95), v[n - 1]);
    printf ("opening the archive and catalog: %.3f ms; first search of the process: %.3f ms\n",
            t_open, t_first);
    printf ("summary: queries=%u runs=%d limit=%d samples=%u p50_ms=%.3f p95_ms=%.3f max_ms=%.3f open_ms=%.3f first_ms=%.3f\n",
            queries->len, runs, limit, n, percentile (v, n, 50),
            percentile (v, n, 95), v[n - 1], t_open, t_first);
  }
  return 0;
}
